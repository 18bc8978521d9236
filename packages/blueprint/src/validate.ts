import { type Problem, toJsonPointer } from "./problems.js";
import type { Notice } from "./resolved/notices.js";
import { type BlueprintV2, blueprintSchema } from "./schema.js";
import { issueToProblem } from "./schema-problems.js";
import { noticesOf, verifyBlueprint } from "./verify.js";

export type ValidationResult =
  | { ok: true; blueprint: BlueprintV2; problems: []; notices: Notice[] }
  | { ok: false; problems: Problem[] };

export interface ValidateOptions {
  /**
   * Also verify the meaning of a blueprint whose shape is wrong, by setting aside
   * the list items the schema rejects, so one repair round can fix both kinds.
   */
  allProblems?: boolean;
}

/**
 * Checks a blueprint against the BlueprintV2 schema and then, when its shape is
 * right, verifies its meaning; reports every problem of the failing stage at once
 * (of both stages with `allProblems`). A valid blueprint comes with its notices.
 */
export function validateBlueprint(input: unknown, options: ValidateOptions = {}): ValidationResult {
  const parsed = blueprintSchema.safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => issueToProblem(issue, input));
    return { ok: false, problems: options.allProblems ? [...problems, ...verifyTheRest(input, problems)] : problems };
  }
  const problems = verifyBlueprint(parsed.data);
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, blueprint: parsed.data, problems: [], notices: noticesOf(parsed.data) };
}

type Json = Record<string, unknown>;

/** "/data/tables/2/columns/0/type" → ["/data/tables", 2]: the innermost list item a path is inside. */
function innermostItem(path: string): [string, number] | undefined {
  const parts = path.split("/");
  for (let i = parts.length - 1; i > 0; i--) {
    if (/^\d+$/.test(parts[i] as string)) return [parts.slice(0, i).join("/"), Number(parts[i])];
  }
  return undefined;
}

function at(root: unknown, pointer: string): unknown {
  return pointer
    .split("/")
    .slice(1)
    .reduce<unknown>((v, k) => (typeof v === "object" && v !== null ? (v as Json)[k] : undefined), root);
}

/**
 * The verifier's problems with what is left once every list item the schema rejects
 * is set aside. Paths are mapped back to the answer's own indexes, and a problem that
 * names a set-aside item (a block using a column whose type was wrong) is left out:
 * it would only repeat the schema problem, wrongly.
 */
function verifyTheRest(input: unknown, schemaProblems: Problem[]): Problem[] {
  const removed = new Map<string, Set<number>>();
  let paths = schemaProblems.map((p) => p.path);
  // Setting items aside can leave a list too short; a few rounds set aside what that breaks too.
  for (let round = 0; round < 4; round++) {
    for (const path of paths) {
      const item = innermostItem(originalPath(path, removed));
      if (!item) return [];
      const set = removed.get(item[0]) ?? new Set();
      set.add(item[1]);
      removed.set(item[0], set);
    }
    const pruned = prune(input, removed);
    if (!pruned) return [];
    const parsed = blueprintSchema.safeParse(pruned.rest);
    if (parsed.success) {
      const mentions = (p: Problem) => [...pruned.names].some((n) => p.message.includes(`"${n}"`));
      return verifyBlueprint(parsed.data)
        .filter((p) => !mentions(p))
        .map((p) => ({ ...p, path: originalPath(p.path, removed) }));
    }
    paths = parsed.error.issues.map((issue) => toJsonPointer(issue.path));
  }
  return [];
}

/** `input` without the removed items (by their original indexes), and the names those items had. */
function prune(input: unknown, removed: Map<string, Set<number>>): { rest: unknown; names: Set<string> } | undefined {
  const rest = structuredClone(input);
  const names = new Set<string>();
  // Deepest lists first, so removing an item never shifts a list still to be pruned.
  for (const [list, indexes] of [...removed].sort((a, b) => b[0].length - a[0].length)) {
    const items = at(rest, list);
    if (!Array.isArray(items)) return undefined;
    for (const i of [...indexes].sort((a, b) => b - a)) {
      const item = items[i] as Json | undefined;
      for (const key of ["name", "id"]) if (typeof item?.[key] === "string") names.add(item[key] as string);
      items.splice(i, 1);
    }
  }
  return { rest, names };
}

/** A path in the pruned blueprint → the same place in the answer as written. */
function originalPath(path: string, removed: Map<string, Set<number>>): string {
  const parts = path.split("/");
  for (let i = 1; i < parts.length; i++) {
    if (!/^\d+$/.test(parts[i] as string)) continue;
    const gone = removed.get(parts.slice(0, i).join("/"));
    if (!gone) continue;
    let index = Number(parts[i]);
    for (const g of [...gone].sort((a, b) => a - b)) if (g <= index) index++;
    parts[i] = String(index);
  }
  return parts.join("/");
}
