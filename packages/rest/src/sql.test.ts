/**
 * How the statement makes Postgres work: a sorted or limited read must shape (build
 * JSON and embeds for) only the rows of the page, or a 25-row page of a 100,000-row
 * table costs as much as returning the whole table.
 */
import { describe, expect, it } from "vitest";
import { planRequest } from "./plan.js";
import { parseRequest } from "./request.js";
import { buildSql } from "./sql.js";
import { fixtureForFile, fixtureModel } from "./testing/index.js";

const fixture = fixtureForFile();

interface PlanNode {
  "Node Type": string;
  Output?: string[];
  Plans?: PlanNode[];
}

function nodes(node: PlanNode): PlanNode[] {
  return [node, ...(node.Plans ?? []).flatMap(nodes)];
}

async function planOf(query: string): Promise<PlanNode[]> {
  const request = parseRequest({ method: "GET", table: "projects", query, headers: {} });
  const sql = buildSql(planRequest(request, fixtureModel, fixture.schema), fixture.schema);
  const { rows } = await fixture.db.pool.query<{ "QUERY PLAN": { Plan: PlanNode }[] }>(
    `EXPLAIN (VERBOSE, FORMAT JSON) ${sql.text}`,
    sql.values,
  );
  return nodes(rows[0]?.["QUERY PLAN"][0]?.Plan as PlanNode);
}

describe("read statements", () => {
  it.each([
    "select=*&order=name.desc&limit=25",
    "select=id,name,clients(name)&order=id.asc&limit=10&offset=5",
    "select=*,tasks(*)&order=budget.desc.nullslast&limit=50",
    "select=*,clients(*)&limit=3",
  ])("pick the page before building its JSON: %s", async (query) => {
    const plan = await planOf(query);
    // Whatever sorts and limits the table's rows must not carry JSON yet; a final sort of the page may.
    const limits = plan.filter((n) => n["Node Type"] === "Limit");
    expect(limits.length).toBeGreaterThan(0);
    for (const limit of limits) {
      for (const below of nodes(limit)) {
        expect((below.Output ?? []).join(" ")).not.toMatch(/json_build_object|json_agg/);
      }
    }
  });
});
