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
  resolveBlueprint,
  roleMembers,
  type Write,
  whoMay,
} from "@plinth/blueprint";
import type { RestResponse } from "@plinth/rest";

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
  // Every answer passes here: only a refused write's body is worth parsing.
  if (!command || response.status !== 403) return null;
  const error = parse(response.body);
  if (error?.code !== "42501") return null;
  const table = blueprint.data.tables.find((t) => t.name === write.table);
  if (!table) return null;
  const resolved = resolveBlueprint(blueprint);
  const access = accessOf(resolved, write.role, write.table);
  const who = roleMembers(resolved, [write.role]);
  // An unlabelled table goes by its name, as in the hint `whoMay` writes.
  const what = table.label ?? table.name;
  const column = (name: string) => table.columns.find((c) => c.name === name)?.label ?? name;
  const reason = ((): { details: string; hint: string } | null => {
    if (!access?.[command]) {
      return {
        details: `${who} cannot ${VERBS[command]} ${what}.`,
        hint: whoMay(resolved, write.table, command),
      };
    }
    if (/^new row violates row-level security/.test(error.message)) {
      const scope = access.scopes[command];
      if (!scope) return null;
      const rows = describeScope(blueprint, write.table, scope);
      return {
        details: `${who} can ${VERBS[command]} only ${what} ${rows}.`,
        hint: `Choose values that keep the record among the ${what} ${rows}.`,
      };
    }
    if (command === "delete") return null;
    const set = columnsSet(write.body);
    const readOnly = set.filter((c) => access.readOnlyColumns.includes(c));
    if (readOnly[0] !== undefined) {
      const verb = command === "insert" ? "set" : "change";
      return {
        details: `${who} cannot ${verb} ${column(readOnly[0])}.`,
        hint: `${whoMay(resolved, write.table, command, { column: readOnly[0] })} Leave it out of the request.`,
      };
    }
    const system = set.find(isSystemColumn);
    if (system) {
      return {
        details: `${column(system)} is set by Plinth, not by the request.`,
        hint: `Leave ${system} out of the request.`,
      };
    }
    return null;
  })();
  if (!reason) return null;
  return { ...response, body: JSON.stringify({ ...error, ...reason }) };
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
