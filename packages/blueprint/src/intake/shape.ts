/**
 * Shape slips that lose nothing: a wrapper key, sections written at the wrong level,
 * lists written as maps keyed by name, `null` for "absent", commentary keys,
 * snake_case keys and the common synonyms for BlueprintV2's keys. Runs before names
 * and values are repaired, so those repairs see the shape the schema describes.
 */
import type { IntakeWarning } from "./extract-json.js";
import { looksLikeBlueprint } from "./extract-json.js";

type Json = Record<string, unknown>;
const isRecord = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/** Keys whose value is a list of named things; a model may write them as a map from name to thing. */
const NAMED_LISTS: Record<string, string> = {
  tables: "name",
  columns: "name",
  roles: "name",
  pages: "id",
  modals: "id",
};
/** Keys no BlueprintV2 object has that models add to explain themselves. */
const COMMENTARY = new Set([
  "explanation",
  "explanations",
  "reasoning",
  "rationale",
  "comment",
  "comments",
  "note",
  "notes",
  "thoughts",
  "assumptions",
  "summary",
]);
/** Synonyms per kind of object: what models write → BlueprintV2's key. */
const KEY_SYNONYMS: Record<string, Record<string, string>> = {
  table: { displayName: "label", title: "label", fields: "columns", tableName: "name" },
  column: {
    displayName: "label",
    title: "label",
    values: "enum",
    options: "enum",
    choices: "enum",
    enumValues: "enum",
    allowedValues: "enum",
    isRequired: "required",
    isUnique: "unique",
    isIndexed: "indexed",
    index: "indexed",
    defaultValue: "default",
    dataType: "type",
    columnName: "name",
    maxLen: "maxLength",
  },
  role: { displayName: "label", title: "label", roleName: "name" },
  relationship: {
    kind: "type",
    relationType: "type",
    relationshipType: "type",
    sourceTable: "fromTable",
    sourceColumn: "fromColumn",
    targetTable: "toTable",
    targetColumn: "toColumn",
  },
  permission: { table: "resource", entity: "resource", roleName: "role", operations: "actions", access: "actions" },
  rowFilter: { table: "resource", entity: "resource", condition: "filter", where: "filter", rule: "filter" },
  page: { path: "route", url: "route", label: "title", name: "title", components: "blocks", sections: "blocks" },
  modal: { label: "title", name: "title", components: "blocks" },
  block: { kind: "type", blockType: "type", entity: "table", resource: "table", tableName: "table" },
  nav: { title: "label", name: "label", pageId: "page", target: "page" },
  app: { title: "name", appName: "name" },
};
/** Where each kind of object sits: the key holding it and, for lists, its element. */
const KIND_OF_CHILD: Record<string, string> = {
  tables: "table",
  columns: "column",
  roles: "role",
  relationships: "relationship",
  permissions: "permission",
  rowFilters: "rowFilter",
  pages: "page",
  modals: "modal",
  blocks: "block",
  navigation: "nav",
  app: "app",
};
const SECTIONS: Record<string, readonly string[]> = {
  data: ["tables", "relationships"],
  security: ["roles", "defaultRole", "permissions", "rowFilters", "teamTable"],
  ui: ["navigation", "pages", "modals"],
};

const camel = (key: string): string =>
  key.includes("_") || key.includes("-") ? key.replace(/[_-]+([a-z0-9])/g, (_, c: string) => c.toUpperCase()) : key;

class ShapeFixer {
  private readonly renamedKeys = new Map<string, { to: string; path: string; count: number }>();
  private readonly nulls: string[] = [];
  private readonly dropped = new Map<string, string>();

  constructor(private readonly warnings: IntakeWarning[]) {}

  /** The path being walked, as segments: joined only when a warning needs it. */
  private readonly at: string[] = [];
  private path(last: string): string {
    return this.at.length === 0 ? `/${last}` : `/${this.at.join("/")}/${last}`;
  }

  /** Walks every object: drops nulls and commentary, camel-cases keys, applies the kind's synonyms. */
  walk(value: unknown, kind: string | undefined, nameKeyed = false): unknown {
    // A column default may be a jsonb object: its keys are data, not blueprint keys.
    if (kind === "literal") return value;
    if (Array.isArray(value)) {
      return value.map((item, i) => this.descend(String(i), item, kind, false));
    }
    if (!isRecord(value)) return value;
    const out: Json = {};
    for (const rawKey in value) {
      const child = value[rawKey];
      if (child === null) {
        this.nulls.push(this.path(rawKey));
        continue;
      }
      if (!nameKeyed && (rawKey.startsWith("$") || rawKey.startsWith("_") || COMMENTARY.has(rawKey))) {
        if (!this.dropped.has(rawKey)) this.dropped.set(rawKey, this.path(rawKey));
        continue;
      }
      let key = nameKeyed ? rawKey : camel(rawKey);
      const synonyms = kind && !nameKeyed ? KEY_SYNONYMS[kind] : undefined;
      // Own keys only: a model's "valueOf" or "constructor" must not find Object.prototype's.
      const synonym = synonyms && Object.hasOwn(synonyms, key) ? synonyms[key] : undefined;
      // A synonym never overwrites the real key written alongside it.
      if (synonym && !(synonym in value) && !(camel(synonym) in out)) key = synonym;
      if (kind === "page" && rawKey === "name" && !("id" in value)) key = "id";
      if (key !== rawKey) this.noteRename(rawKey, key);
      if (key in out) continue;
      // A permissions map is keyed by role and table names, which are data: it is rebuilt as a list later.
      if (key === "permissions" && isRecord(child)) {
        out[key] = child;
        continue;
      }
      const childKind = nameKeyed ? kind : (KIND_OF_CHILD[key] ?? (key === "default" ? "literal" : undefined));
      out[key] = this.descend(key, child, childKind, !nameKeyed && key in NAMED_LISTS && isRecord(child));
    }
    return out;
  }

  private descend(segment: string, child: unknown, kind: string | undefined, nameKeyed: boolean): unknown {
    if (typeof child !== "object" || child === null) return child;
    this.at.push(segment);
    const walked = this.walk(child, kind, nameKeyed);
    this.at.pop();
    return walked;
  }

  private noteRename(from: string, to: string): void {
    const id = `${from}→${to}`;
    const seen = this.renamedKeys.get(id);
    if (seen) seen.count++;
    else this.renamedKeys.set(id, { to, path: this.path(to), count: 1 });
  }

  report(): void {
    for (const [id, { to, path, count }] of this.renamedKeys) {
      const from = id.slice(0, id.indexOf("→"));
      this.warnings.push({
        path,
        message: `Renamed the key "${from}" to "${to}"${count > 1 ? ` (${count} times)` : ""}: BlueprintV2's word for it.`,
      });
    }
    if (this.nulls.length > 0) {
      this.warnings.push({
        path: this.nulls[0] as string,
        message: `Left out ${this.nulls.length} key${this.nulls.length === 1 ? "" : "s"} set to null (null means absent): ${this.nulls.slice(0, 5).join(", ")}${this.nulls.length > 5 ? ", …" : ""}.`,
      });
    }
    for (const [key, path] of this.dropped) {
      this.warnings.push({ path, message: `Dropped "${key}": commentary, not part of the blueprint.` });
    }
  }
}

/** A map from name to thing → a list of things carrying their names. */
function mapToList(map: Json, nameKey: string): unknown[] {
  return Object.entries(map).map(([name, thing]) => {
    if (isRecord(thing)) return { [nameKey]: name, ...thing };
    // {"title": "text"}: a column written as name → type.
    if (typeof thing === "string" && nameKey === "name") return { name, type: thing };
    return { [nameKey]: name };
  });
}

/** Lists written as maps (tables, their columns, roles, pages, modals) become lists. */
function listsFromMaps(bp: Json, warnings: IntakeWarning[]): void {
  const fix = (owner: unknown, key: string, path: string) => {
    if (!isRecord(owner) || !isRecord(owner[key])) return;
    owner[key] = mapToList(owner[key] as Json, NAMED_LISTS[key] as string);
    warnings.push({ path: `${path}/${key}`, message: `Turned the map of ${key} into a list, each keeping its name.` });
  };
  const data = bp.data;
  fix(data, "tables", "/data");
  if (isRecord(data) && Array.isArray(data.tables)) {
    data.tables.forEach((table, t) => {
      fix(table, "columns", `/data/tables/${t}`);
    });
  }
  fix(bp.security, "roles", "/security");
  fix(bp.ui, "pages", "/ui");
  fix(bp.ui, "modals", "/ui");
}

/**
 * Permissions as a map: {"admin": {"deals": ["list", …]}} or {"deals": {"admin": …}}.
 * Which level is the role is decided by the declared roles, never guessed.
 */
function permissionsFromMap(security: Json, warnings: IntakeWarning[]): void {
  const map = security.permissions;
  if (!isRecord(map)) return;
  const roles = new Set(
    (Array.isArray(security.roles) ? security.roles : []).map((r) => (isRecord(r) ? r.name : r)).filter(Boolean),
  );
  const outer = Object.keys(map);
  const outerIsRole = outer.every((k) => roles.has(k));
  const innerIsRole =
    !outerIsRole && outer.every((k) => isRecord(map[k]) && Object.keys(map[k] as Json).every((r) => roles.has(r)));
  if (!outerIsRole && !innerIsRole) return;
  const list: Json[] = [];
  for (const [a, inner] of Object.entries(map)) {
    if (!isRecord(inner)) continue;
    for (const [b, actions] of Object.entries(inner)) {
      list.push(outerIsRole ? { role: a, resource: b, actions } : { role: b, resource: a, actions });
    }
  }
  security.permissions = list;
  warnings.push({
    path: "/security/permissions",
    message: `Turned the permissions map (${outerIsRole ? "role → table" : "table → role"}) into a list of ${list.length} entries.`,
  });
}

/** Sections the model wrote at the top level or in the wrong section move where they belong. */
function renest(bp: Json, warnings: IntakeWarning[]): void {
  for (const [section, keys] of Object.entries(SECTIONS)) {
    for (const key of keys) {
      for (const from of ["", ...Object.keys(SECTIONS).filter((s) => s !== section)]) {
        const owner = from === "" ? bp : bp[from];
        if (!isRecord(owner) || owner[key] === undefined) continue;
        const target = isRecord(bp[section]) ? (bp[section] as Json) : {};
        if (target[key] !== undefined) continue;
        target[key] = owner[key];
        delete owner[key];
        bp[section] = target;
        warnings.push({
          path: `/${section}/${key}`,
          message: `Moved "${key}" from ${from === "" ? "the top level" : `"${from}"`} into "${section}", where BlueprintV2 keeps it.`,
        });
      }
    }
  }
  const app = isRecord(bp.app) ? bp.app : {};
  for (const key of ["name", "slug", "description", "theme"]) {
    if (bp[key] === undefined || app[key] !== undefined) continue;
    app[key] = bp[key];
    delete bp[key];
    bp.app = app;
    warnings.push({ path: `/app/${key}`, message: `Moved "${key}" from the top level into "app".` });
  }
}

/** Roles marked {"isDefault": true} name the security section's defaultRole. */
function defaultRoleFromFlag(security: Json, warnings: IntakeWarning[]): void {
  if (!Array.isArray(security.roles)) return;
  security.roles.forEach((role, i) => {
    if (!isRecord(role) || role.isDefault === undefined) return;
    const flag = role.isDefault;
    delete role.isDefault;
    if (flag === true && security.defaultRole === undefined && typeof role.name === "string") {
      security.defaultRole = role.name;
      warnings.push({
        path: `/security/roles/${i}`,
        message: `Made "${role.name}" the defaultRole (it was marked isDefault).`,
      });
    }
  });
}

export function fixShape(input: unknown, warnings: IntakeWarning[]): unknown {
  let bp = input;
  if (isRecord(bp) && !looksLikeBlueprint(bp, 1)) {
    const wrappers = Object.keys(bp).filter((k) => looksLikeBlueprint((bp as Json)[k], 1));
    if (wrappers.length === 1) {
      const key = wrappers[0] as string;
      warnings.push({ path: "", message: `Took the blueprint out of the top-level "${key}" key it was wrapped in.` });
      bp = bp[key];
    }
  }
  const fixer = new ShapeFixer(warnings);
  bp = fixer.walk(bp, undefined);
  fixer.report();
  if (!isRecord(bp)) return bp;
  renest(bp, warnings);
  listsFromMaps(bp, warnings);
  if (isRecord(bp.security)) {
    permissionsFromMap(bp.security, warnings);
    defaultRoleFromFlag(bp.security, warnings);
  }
  return bp;
}
