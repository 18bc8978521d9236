/**
 * A write the database refused (42501) said in the founder's words: which role may not
 * do what, and who may. The database decides; this only reads the blueprint to explain
 * the refusal, keeping PostgREST's shape (status, code and message stay, `details` and
 * `hint` say it in words), so supabase-js clients see the same error with a reason.
 */
import {
  accessOf,
  type BlueprintV2,
  describeScope,
  isSystemColumn,
  type ResolvedBlueprint,
  resolveBlueprint,
} from "@plinth/blueprint";
import type { RestResponse } from "@plinth/rest";

type Write = "insert" | "update" | "delete";
const VERBS: Record<Write, string> = { insert: "add", update: "change", delete: "delete" };
const WRITES: Record<string, Write> = { POST: "insert", PUT: "insert", PATCH: "update", DELETE: "delete" };

export interface RefusedWrite {
  method: string;
  table: string;
  role: string;
  /** The request's body as sent (JSON text), naming the columns it sets. */
  body: unknown;
}

/** The refusal with `details` and `hint` in words, or null when there is nothing more to say. */
export function explainWriteRefusal(
  response: RestResponse,
  blueprint: BlueprintV2,
  write: RefusedWrite,
): RestResponse | null {
  const command = WRITES[write.method];
  const error = parse(response.body);
  if (!command || response.status !== 403 || error?.code !== "42501") return null;
  const table = blueprint.data.tables.find((t) => t.name === write.table);
  if (!table) return null;
  const resolved = resolveBlueprint(blueprint);
  const words = new Words(blueprint, resolved, write.table);
  const access = accessOf(resolved, write.role, write.table);
  const who = words.roles([write.role]);
  const reason = ((): { details: string; hint: string } | null => {
    if (!access?.[command]) {
      const may = words.rolesThat(command);
      return {
        details: `${who} cannot ${VERBS[command]} ${table.label}.`,
        hint: `${may.length > 0 ? `Only ${words.roles(may)}` : "Nobody"} can ${VERBS[command]} ${table.label}.`,
      };
    }
    if (/^new row violates row-level security/.test(error.message)) {
      const scope = access.scopes[command];
      if (!scope) return null;
      const rows = describeScope(blueprint, write.table, scope);
      return {
        details: `${who} can ${VERBS[command]} only ${table.label} ${rows}.`,
        hint: `Choose values that keep the record among the ${table.label} ${rows}.`,
      };
    }
    if (command === "delete") return null;
    const set = columnsSet(write.body);
    const readOnly = set.filter((c) => access.readOnlyColumns.includes(c));
    if (readOnly.length > 0) {
      const label = words.column(readOnly[0] as string);
      const may = words.rolesThat(command, readOnly[0]);
      const verb = command === "insert" ? "set" : "change";
      return {
        details: `${who} cannot ${verb} ${label}.`,
        hint: `${may.length > 0 ? `Only ${words.roles(may)}` : "Nobody"} can ${verb} ${label}. Leave it out of the request.`,
      };
    }
    const system = set.find(isSystemColumn);
    if (system) {
      return {
        details: `${words.column(system)} is set by Plinth, not by the request.`,
        hint: `Leave ${system} out of the request.`,
      };
    }
    return null;
  })();
  if (!reason) return null;
  return { ...response, body: JSON.stringify({ ...error, ...reason }) };
}

/** Labels as the founder wrote them. */
class Words {
  constructor(
    private readonly bp: BlueprintV2,
    private readonly resolved: ResolvedBlueprint,
    private readonly table: string,
  ) {}

  column(name: string): string {
    const column = this.bp.data.tables.find((t) => t.name === this.table)?.columns.find((c) => c.name === name);
    return column?.label ?? name;
  }

  /** Roles granted `command` on the table (and, given a column, allowed to set it). */
  rolesThat(command: Write, column?: string): string[] {
    return this.bp.security.roles
      .map((r) => r.name)
      .filter((role) => {
        const access = accessOf(this.resolved, role, this.table);
        return access?.[command] === true && (column === undefined || !access.readOnlyColumns.includes(column));
      });
  }

  /** "Teachers", "Principals and Teachers". */
  roles(names: string[]): string {
    const labels = names.map((name) => plural(this.bp.security.roles.find((r) => r.name === name)?.label ?? name));
    return labels.length <= 1 ? (labels[0] ?? "") : `${labels.slice(0, -1).join(", ")} and ${labels.at(-1)}`;
  }
}

function plural(label: string): string {
  if (/s$/i.test(label)) return label;
  if (/[^aeiou]y$/i.test(label)) return `${label.slice(0, -1)}ies`;
  return `${label}s`;
}

function parse(body: string | undefined): { code?: string; message: string } | null {
  try {
    const parsed = JSON.parse(body ?? "");
    return parsed && typeof parsed === "object" && typeof parsed.message === "string" ? parsed : null;
  } catch {
    return null;
  }
}

/** The columns a write's body names: an object's keys, or every key of an array of rows. */
function columnsSet(body: unknown): string[] {
  let value: unknown = body;
  if (typeof body === "string") {
    try {
      value = JSON.parse(body);
    } catch {
      return [];
    }
  }
  const rows = Array.isArray(value) ? value : [value];
  const columns = new Set<string>();
  for (const row of rows) if (row && typeof row === "object") for (const key of Object.keys(row)) columns.add(key);
  return [...columns];
}
