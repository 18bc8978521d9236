/**
 * Additions read with the planner's own knowledge: fields inferred from their names,
 * tables from the domain catalogue, roles from role words.
 */
import type { BlueprintV2 } from "@plinth/blueprint";
import { buildData, type TableDef, titleColumn } from "../data.js";
import { ENTITIES } from "../domain.js";
import { extractEntities } from "../entities.js";
import { inferColumn } from "../fields.js";
import { extractRoles, roleWordsIn } from "../security.js";
import { tableUi } from "../ui.js";
import { plural, singular, titleCase } from "../words.js";

const FULL = { list: true, read: true, create: true, update: true, delete: true };

function findTable(bp: BlueprintV2, words: string): BlueprintV2["data"]["tables"][number] | undefined {
  const w = words
    .trim()
    .replace(/^(?:the|all|each|every) /, "")
    .replace(/ (?:table|list)$/, "");
  return bp.data.tables.find(
    (t) =>
      [
        t.name,
        singular(t.name),
        t.name.replaceAll("_", " "),
        singular(t.name).replaceAll("_", " "),
        (t.label ?? "").toLowerCase(),
      ].includes(w) || ENTITIES.find((k) => k.table === t.name)?.words.some((x) => x === w || plural(x) === w),
  );
}

/** "add a priority to tasks", "add due date and estimate fields to tasks". */
export function addField(bp: BlueprintV2, clause: string): string | null {
  const m = clause.match(
    /^(?:please )?(?:add|include|give)\s+(?:a |an |the )?(.+?)\s+(?:fields? |columns? )?(?:to|on|for)\s+(.+)$/,
  );
  if (!m?.[1] || !m[2]) return null;
  const table = findTable(bp, m[2]);
  if (!table) return null;
  const added: string[] = [];
  for (const phrase of m[1].split(/,|\band\b/).map((p) =>
    p
      .trim()
      .replace(/^(?:a|an|the) /, "")
      .replace(/ (?:field|column)s?$/, ""),
  )) {
    const column = inferColumn(phrase);
    if (!column || table.columns.some((c) => c.name === column.name) || table.columns.length >= 30) continue;
    table.columns.push(column as BlueprintV2["data"]["tables"][number]["columns"][number]);
    added.push(column.name);
    for (const block of [...bp.ui.pages.flatMap((p) => p.blocks), ...bp.ui.modals.flatMap((md) => md.blocks)]) {
      if (block.table !== table.name) continue;
      if (block.type === "TABLE" && block.columns.length < 8) block.columns.push(column.name);
      if ((block.type === "FORM" || block.type === "DETAIL") && block.fields.length < 30)
        block.fields.push(column.name);
    }
  }
  return added.length ? `Added ${added.join(", ")} to ${table.label ?? table.name}.` : null;
}

/** "add a viewer role", "add accountants". */
export function addRole(bp: BlueprintV2, clause: string): string | null {
  if (!/^(?:please )?(?:add|create|invite)\b/.test(clause)) return null;
  const roles = extractRoles(
    clause
      .replace(/\brole\b/, "")
      .replace(/^(?:please )?(?:add|create|invite)\s+(?:a |an )?/, "$& ")
      .concat(" can see"),
  );
  const fresh = roles.filter((r) => !bp.security.roles.some((x) => x.name === r.name));
  if (!fresh.length || !/\brole\b|s\b/.test(clause)) return null;
  for (const role of fresh) ensureRole(bp, role.name, role.label, role.readOnly || /read[- ]only|view/.test(clause));
  return `Added the ${fresh.map((r) => r.label).join(", ")} role${fresh.length > 1 ? "s" : ""}.`;
}

export function ensureRole(bp: BlueprintV2, name: string, label: string, readOnly = false) {
  if (bp.security.roles.some((r) => r.name === name)) return;
  bp.security.roles.push({
    name,
    label,
    description: readOnly ? "Can view, not change" : "Works with the app's records",
  });
  for (const table of bp.data.tables) {
    const write = !readOnly;
    bp.security.permissions.push({
      role: name,
      resource: table.name,
      actions: { list: true, read: true, create: write, update: write, delete: false },
    });
  }
}

/** "add invoices", "also track suppliers", "add a vendors table". */
export function addTable(bp: BlueprintV2, clause: string): string | null {
  if (!/^(?:please )?(?:add|also track|track|create|include|keep)\b/.test(clause)) return null;
  const cue = clause
    .replace(/^(?:please )?(?:add|also track|track|create|include|keep)\s+/, "track ")
    .replace(/ (?:table|list)s?\b/, "");
  const fresh = extractEntities(cue, roleWordsIn(cue)).filter((e) => !bp.data.tables.some((t) => t.name === e.table));
  if (!fresh.length) return null;
  const assumptions: string[] = [];
  const model = buildData(fresh, assumptions);
  const all = {
    tables: [...(bp.data.tables as TableDef[]), ...model.tables],
    relationships: [...bp.data.relationships, ...model.relationships],
  };
  for (const entity of fresh) {
    const table = model.tables.find((t) => t.name === entity.table) as TableDef;
    for (const parent of entity.knowledge?.parents ?? []) {
      const target = bp.data.tables.find((t) => t.name === parent);
      const column = `${singular(parent)}_id`;
      if (!target || table.columns.some((c) => c.name === column)) continue;
      table.columns.push({ name: column, label: titleCase(singular(parent)), type: "uuid" });
      all.relationships.push({
        type: "many_to_one",
        fromTable: table.name,
        fromColumn: column,
        toTable: parent,
        toColumn: "id",
        onDelete: "set_null",
        ui: { lookupLabelColumn: titleColumn(target) },
      });
    }
  }
  const checked = model.tables.map((t) => ({ ...t, primaryKey: "id" as const, columns: t.columns }));
  bp.data.tables.push(...(checked as BlueprintV2["data"]["tables"]));
  bp.data.relationships = all.relationships as BlueprintV2["data"]["relationships"];
  for (const table of model.tables) {
    const ui = tableUi(table, all);
    bp.ui.pages.push(...(ui.pages as BlueprintV2["ui"]["pages"]));
    bp.ui.modals.push(...(ui.modals as BlueprintV2["ui"]["modals"]));
    bp.ui.navigation.push(...ui.navigation);
    const first = bp.security.roles[0]?.name;
    for (const role of bp.security.roles) {
      const sample = bp.security.permissions.find((p) => p.role === role.name)?.actions;
      bp.security.permissions.push({
        role: role.name,
        resource: table.name,
        actions:
          role.name === first
            ? { ...FULL }
            : { ...(sample ?? { list: true, read: true, create: false, update: false, delete: false }) },
      });
    }
  }
  return `Added ${fresh.map((e) => e.label).join(", ")}${assumptions.length ? ` (${assumptions.join(" ")})` : ""}.`;
}
