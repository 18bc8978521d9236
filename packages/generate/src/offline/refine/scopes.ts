/**
 * Which rows a role sees: "agents see only tickets assigned to them", "sales reps see
 * only their own deals", "each team sees its projects", "managers see everything".
 * Written as row filters; this is the one module to move to the blueprint's per-action
 * scopes when they land.
 */
import type { BlueprintV2, Filter } from "@plinth/blueprint";
import { type DataModel, ensureRuleColumn, type TableDef } from "../data.js";
import { ENTITIES } from "../domain.js";
import type { Entity } from "../entities.js";
import { readSecurity } from "../security.js";
import { singular, titleCase } from "../words.js";
import { addTable, ensureRole } from "./additions.js";

const FULL = { list: true, read: true, create: true, update: true, delete: true };

function entitiesOf(bp: BlueprintV2): Entity[] {
  return bp.data.tables.map((t, position) => {
    const knowledge = ENTITIES.find((k) => k.table === t.name) ?? null;
    return {
      table: t.name,
      singular: singular(t.name),
      label: t.label ?? titleCase(t.name),
      knowledge,
      fields: [],
      parents: [],
      position,
    };
  });
}

/** "managers see all tickets", "agents see only their own tickets", "each team sees its projects". */
export function changeAccess(bp: BlueprintV2, clause: string): string | null {
  const entities = entitiesOf(bp);
  const reading = readSecurity(clause, entities);
  const everything =
    /\b(?:everything|all|every)\b/.test(clause) &&
    /\bsees?\b|\bview|\baccess/.test(clause) &&
    reading.rules.length === 0;
  if (!reading.rules.length && !everything) return null;
  for (const role of reading.roles) ensureRole(bp, role.name, role.label);
  if (everything) {
    const named = entities.filter((e) =>
      new RegExp(`\\b(?:${e.table.replaceAll("_", " ")}|${singular(e.table).replaceAll("_", " ")})\\b`).test(clause),
    );
    const tables = named.length ? named.map((e) => e.table) : bp.data.tables.map((t) => t.name);
    if (!reading.roles.length) return null;
    for (const role of reading.roles) {
      bp.security.rowFilters = bp.security.rowFilters.filter(
        (f) => !(f.role === role.name && tables.includes(f.resource)),
      );
      for (const p of bp.security.permissions)
        if (p.role === role.name && tables.includes(p.resource)) {
          p.actions = { ...FULL };
          // Every record: no scope narrows any action any more.
          delete p.scopes;
        }
    }
    return `${reading.roles.map((r) => r.label).join(", ")} now see${reading.roles.length > 1 ? "" : "s"} every record of ${tables.join(", ")}.`;
  }
  if (reading.rules.some((r) => r.kind === "team") && !bp.data.tables.some((t) => t.name === "teams")) {
    addTable(bp, "add teams");
  }
  const model: DataModel = {
    tables: bp.data.tables as TableDef[],
    relationships: bp.data.relationships,
    singulars: new Map(bp.data.tables.map((t) => [t.name, singular(t.name)])),
  };
  const privileged = bp.security.roles[0]?.name;
  const done: string[] = [];
  for (const rule of reading.rules) {
    const roles = (rule.roles.length ? rule.roles : bp.security.roles.map((r) => r.name)).filter(
      (r) => r !== privileged,
    );
    const tables = rule.tables.length ? rule.tables : [bp.data.tables[0]?.name ?? ""];
    for (const tableName of tables) {
      const table = model.tables.find((t) => t.name === tableName);
      if (!table) continue;
      const column = ensureRuleColumn(model, table, rule.kind);
      const filter: Filter =
        rule.kind === "team" ? { in: [column, "$user.team_ids"] } : { equals: [column, "$user.id"] };
      for (const role of roles) {
        bp.security.rowFilters = bp.security.rowFilters.filter((f) => !(f.role === role && f.resource === tableName));
        bp.security.rowFilters.push({ role, resource: tableName, filter, description: rule.clause.slice(0, 300) });
        done.push(`${role} on ${tableName}`);
      }
    }
  }
  bp.data.relationships = model.relationships as BlueprintV2["data"]["relationships"];
  return done.length ? `Added row filters: ${done.join(", ")}.` : null;
}
