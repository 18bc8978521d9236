/**
 * A refined version of any example blueprint, the way a founder's "refine" would
 * change it: new columns with defaults, a relaxed and a tightened rule, a new table
 * linked to an existing one, a new role, and a narrower row filter for an existing role.
 */
import {
  type BlueprintV2,
  type Column,
  type Filter,
  type Page,
  type Permission,
  validateBlueprint,
} from "@plinth/blueprint";

export interface Refinement {
  blueprint: BlueprintV2;
  /** The role and table whose row filter was narrowed to the rows the user created. */
  narrowed: { role: string; table: string } | null;
  /** Where an enum value was added, if the blueprint had an enum column. */
  enumValue: { table: string; column: string; value: string } | null;
}

const column = (c: Partial<Column> & Pick<Column, "name" | "type">): Column => ({
  required: false,
  unique: false,
  indexed: false,
  ...c,
});

const ALL = { list: true, read: true, create: true, update: true, delete: true };
const READ = { list: true, read: true, create: false, update: false, delete: false };

export function refine(original: BlueprintV2): Refinement {
  const bp = structuredClone(original);
  const [first] = bp.data.tables;
  if (!first) throw new Error("a blueprint without tables cannot be refined");
  first.columns.push(
    column({ name: "mig_note", type: "text", default: "none", maxLength: 40 }),
    column({ name: "mig_rank", type: "int", required: true, default: 3, min: 0, indexed: true }),
  );

  let enumValue: Refinement["enumValue"] = null;
  for (const table of bp.data.tables) {
    const c = table.columns.find((col) => col.enum && col.type === "text");
    if (c?.enum && !enumValue) {
      c.enum.push("mig_extra");
      enumValue = { table: table.name, column: c.name, value: "mig_extra" };
    }
    const long = table.columns.find((col) => col.maxLength !== undefined && col.name !== "mig_note");
    if (long?.maxLength) long.maxLength += 100;
    // A tightened rule the seeded rows already meet: a needs-check step that passes.
    const int = table.columns.find((col) => col.type === "int" && col.max === undefined && !col.enum);
    if (int) int.max = 1_000_000;
  }

  bp.data.tables.push({
    name: "mig_items",
    label: "Items",
    primaryKey: "id",
    columns: [
      column({ name: "label", type: "text", required: true, maxLength: 100 }),
      column({ name: "parent_id", type: "uuid", required: true }),
      column({ name: "status", type: "text", enum: ["open", "done"], default: "open" }),
    ],
  });
  const page = {
    id: "mig_items",
    route: "/mig-items",
    title: "Items",
    blocks: [{ id: "mig_items_table", type: "TABLE", table: "mig_items", columns: ["label", "status"] }],
  };
  bp.ui.pages.push(page as unknown as Page);
  bp.data.relationships.push({
    type: "many_to_one",
    fromTable: "mig_items",
    fromColumn: "parent_id",
    toTable: first.name,
    toColumn: "id",
    onDelete: "cascade",
  });

  const roles = bp.security.roles.map((r) => r.name);
  const permissions: Permission[] = roles.map((role, i) => ({
    role,
    resource: "mig_items",
    actions: i === 0 ? ALL : { ...READ, create: true },
  }));
  bp.security.roles.push({ name: "mig_auditor", label: "Auditor" });
  for (const table of bp.data.tables)
    permissions.push({ role: "mig_auditor", resource: table.name, actions: table.name === "mig_items" ? ALL : READ });
  bp.security.permissions.push(...permissions);
  bp.security.rowFilters.push({
    role: "mig_auditor",
    resource: "mig_items",
    filter: { equals: ["created_by", "$user.id"] },
  });

  // Narrow the last role's view of the first table it can read.
  let narrowed: Refinement["narrowed"] = null;
  const last = roles.at(-1) as string;
  const readable = bp.security.permissions.find(
    (p) => p.role === last && p.resource !== "mig_items" && (p.actions.list || p.actions.read),
  );
  if (readable) {
    const mine: Filter = { equals: ["created_by", "$user.id"] };
    const existing = bp.security.rowFilters.find((f) => f.role === last && f.resource === readable.resource);
    if (existing) existing.filter = { and: [existing.filter, mine] };
    else bp.security.rowFilters.push({ role: last, resource: readable.resource, filter: mine });
    narrowed = { role: last, table: readable.resource };
  }
  const validation = validateBlueprint(bp);
  if (!validation.ok) throw new Error(`the refined blueprint is invalid: ${JSON.stringify(validation.problems)}`);
  return { blueprint: validation.blueprint, narrowed, enumValue };
}
