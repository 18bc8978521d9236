/**
 * The offline planner over its corpus (testing/offline-prompts.ts): every prompt gives a
 * verified app, and the shares of named tables, roles, scopes and choices it produces
 * meet the goals. No table appears that the prompt does not name unless the
 * assumptions say why.
 */
import { validateBlueprint } from "@plinth/blueprint";
import { describe, expect, it } from "vitest";
import { planOffline as verified } from "../index.js";
import { NOT_APPS, OFFLINE_PROMPTS, type PromptCase } from "../testing/offline-prompts.js";
import type { Grant, Scope } from "./access-shape.js";
import { planOffline } from "./planner.js";

interface Tally {
  found: number;
  expected: number;
  misses: string[];
}
const tally = (): Tally => ({ found: 0, expected: 0, misses: [] });
const shares = { tables: tally(), roles: tally(), scopes: tally(), choices: tally() };

function count(t: Tally, ok: boolean, what: string) {
  t.expected++;
  if (ok) t.found++;
  else t.misses.push(what);
}

/** The columns a scope of this kind uses, looking inside and/or. */
function scopeColumns(scope: Scope | undefined, kind: "person" | "team" | "parent"): string[] {
  if (!scope || scope === "all") return [];
  if ("and" in scope) return scope.and.flatMap((s) => scopeColumns(s, kind));
  if ("or" in scope) return scope.or.flatMap((s) => scopeColumns(s, kind));
  return kind in scope ? [(scope as Record<string, string>)[kind] ?? ""] : [];
}

function hasScope(grants: Grant[], [role, table, kind, column]: PromptCase["scopes"][number]): boolean {
  const g = grants.find((x) => x.role === role && x.table === table);
  if (!g) return false;
  if (kind === "readOnly") return g.actions.read && !g.actions.create && !g.actions.update && !g.actions.delete;
  if (kind === "readOnlyColumn") return g.readOnlyColumns.includes(column ?? "");
  return scopeColumns(g.scopes.read, kind).includes(column ?? "");
}

describe("the offline planner's corpus", () => {
  it("holds at least 80 prompts in five languages, from five words to a paragraph", () => {
    expect(OFFLINE_PROMPTS.length).toBeGreaterThanOrEqual(80);
    const words = OFFLINE_PROMPTS.map((c) => c.prompt.split(/\s+/).length);
    expect(Math.min(...words)).toBeLessThanOrEqual(5);
    expect(Math.max(...words)).toBeGreaterThanOrEqual(60);
  });

  it.each(OFFLINE_PROMPTS)("$prompt", (c) => {
    const plan = planOffline(c.prompt);
    if ("question" in plan) {
      for (const t of c.tables) count(shares.tables, false, `${t} (asked a question)`);
      for (const r of c.roles) count(shares.roles, false, `${r} (asked a question)`);
      for (const s of c.scopes) count(shares.scopes, false, s.join(" "));
      for (const ch of c.choices) count(shares.choices, false, ch.slice(0, 2).join("."));
      return;
    }
    const result = validateBlueprint(plan.blueprint);
    expect(result.ok, JSON.stringify(result.ok ? [] : result.problems.slice(0, 3))).toBe(true);
    const bp = plan.blueprint;
    const tables = bp.data.tables.map((t) => t.name);
    const roles = bp.security.roles.map((r) => r.name);
    for (const t of c.tables)
      count(shares.tables, tables.includes(t), `${t} in «${c.prompt.slice(0, 50)}» got ${tables.join(",")}`);
    for (const r of c.roles)
      count(shares.roles, roles.includes(r), `${r} in «${c.prompt.slice(0, 50)}» got ${roles.join(",")}`);
    for (const s of c.scopes)
      count(shares.scopes, hasScope(plan.grants, s), `${s.join(" ")} in «${c.prompt.slice(0, 50)}»`);
    for (const [table, column, values] of c.choices) {
      const col = bp.data.tables.find((t) => t.name === table)?.columns.find((x) => x.name === column);
      count(
        shares.choices,
        JSON.stringify(col?.enum) === JSON.stringify(values),
        `${table}.${column} got ${col?.enum}`,
      );
    }
    // Nothing unimplied: a table the prompt does not name is explained in the assumptions.
    const said = plan.assumptions.join(" ").toLowerCase();
    for (const t of bp.data.tables) {
      if (c.tables.includes(t.name)) continue;
      expect(said, `${t.name} is neither named nor explained`).toContain((t.label ?? t.name).toLowerCase());
    }
  });

  it("meets the goals: ≥97% tables, ≥95% roles, ≥95% scopes, ≥95% choices", () => {
    const share = (t: Tally) => (t.expected ? t.found / t.expected : 1);
    const report = Object.fromEntries(
      Object.entries(shares).map(([k, t]) => [k, `${t.found}/${t.expected} = ${(share(t) * 100).toFixed(1)}%`]),
    );
    console.log("offline planner corpus:", report);
    for (const [k, t] of Object.entries(shares)) if (t.misses.length) console.log(`missed ${k}:`, t.misses);
    expect(share(shares.tables)).toBeGreaterThanOrEqual(0.97);
    expect(share(shares.roles)).toBeGreaterThanOrEqual(0.95);
    expect(share(shares.scopes)).toBeGreaterThanOrEqual(0.95);
    expect(share(shares.choices)).toBeGreaterThanOrEqual(0.95);
  });

  it.each(NOT_APPS)("asks what to keep instead of inventing an app: %s", (prompt) => {
    const result = verified(prompt);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.ending).toBe("needs_detail");
    expect(result.reason).toMatch(/^What should the app keep track of\?/);
  });
});
