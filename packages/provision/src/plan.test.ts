import { blueprintSchema } from "@plinth/blueprint";
import { describe, expect, it } from "vitest";
import { appKey, ownerRoleName, roleName, schemaName } from "./names.js";
import { buildPhysicalApp } from "./physical.js";
import { ProvisionError, planProvision } from "./plan.js";
import { example, examples } from "./testing/examples.js";
import { scopedApp } from "./testing/scoped-app.js";

// Tests reach into blueprints by path to break them; the shape is checked by the code under test.
// biome-ignore lint/suspicious/noExplicitAny: see above
type Mutable = any;

const APP = "6f1c2a9e-4b7d-4c1e-9a3b-2d5e8f7a6c10";

describe("names", () => {
  it("derives the schema and role names from the first 12 hex digits of the app's UUID", () => {
    expect(appKey(APP)).toBe("6f1c2a9e4b7d");
    expect(schemaName(APP)).toBe("app_6f1c2a9e4b7d");
    expect(roleName(APP, "sales_rep")).toBe("app_6f1c2a9e4b7d_sales_rep");
    expect(ownerRoleName(APP)).toBe("app_6f1c2a9e4b7d__owner");
    expect(() => schemaName("x; drop schema public")).toThrow(/neither a UUID/);
  });
});

describe("indexes", () => {
  it("index the column a list sorts by, so its first page is read in order instead of sorted", () => {
    const built = buildPhysicalApp(example("crm") as Mutable);
    if (!built.ok) throw new Error("crm does not build");
    // The deals TABLE block sorts by close_date; companies by nothing the blueprint says.
    expect(built.app.indexes.find((i) => i.table === "deals" && i.column === "close_date")?.reasons).toEqual([
      "list order",
    ]);
    const plan = planProvision(example("crm"), APP);
    expect(plan.steps.map((s) => s.sql)).toContain(
      `create index "plinth_idx_deals_close_date" on "${schemaName(APP)}"."deals" ("close_date")`,
    );
  });

  it("index a row-filtered list's order within the filter's column, so a rep's page reads only their own rows", () => {
    // A sales rep sees the deals whose owner_id is theirs; the deals list sorts by close_date.
    const plan = planProvision(example("crm"), APP);
    expect(plan.steps.map((s) => s.sql)).toContain(
      `create index "plinth_idx_deals_owner_id_close_date" on "${schemaName(APP)}"."deals" ("owner_id", "close_date")`,
    );
    // Activities are row-filtered too, but their list names no order: nothing to keep in order.
    expect(plan.steps.map((s) => s.sql).filter((sql) => /create index .*activities.*", "/.test(sql))).toEqual([]);
  });
});

describe("planProvision", () => {
  for (const { name, blueprint } of examples()) {
    it(`plans ${name} within the security model`, () => {
      const plan = planProvision(blueprint, APP);
      const sql = plan.steps.map((s) => s.sql).join(";\n");
      for (const step of plan.steps) expect(step.description.length).toBeGreaterThan(10);
      for (const table of plan.tables) {
        expect(sql).toContain(
          `alter table "app_6f1c2a9e4b7d"."${table}" enable row level security, force row level security`,
        );
      }
      expect(sql).not.toMatch(/\b(truncate|references|trigger)\b[^;]*\bto\b/i);
      for (const policy of sql.match(/create policy [^;]*/g) ?? []) {
        expect(policy).toMatch(/ to "app_6f1c2a9e4b7d_[a-z0-9_]+" /);
        if (/ for update /.test(policy)) expect(policy).toMatch(/ using \(.*\) with check \(/);
      }
      for (const { table, column } of plan.filterColumns) {
        const indexed = new RegExp(
          `(create index [^;]* on "app_6f1c2a9e4b7d"\\."${table}" \\("${column}"\\))|("${table}" \\(\\s*id uuid)`,
        );
        expect(sql).toMatch(column === "id" ? /primary key \(id\)/ : indexed);
      }
    });
  }

  it("stores file and image columns as text paths, indexed for the lookup every download makes", () => {
    const blueprint: Mutable = structuredClone(example("crm"));
    blueprint.data.tables[2].columns.push({ name: "photo", type: "image" }, { name: "contract", type: "file" });
    const sql = planProvision(blueprintSchema.parse(blueprint), APP)
      .steps.map((s) => s.sql)
      .join(";\n");
    for (const column of ["photo", "contract"]) {
      expect(sql).toMatch(new RegExp(`"${column}" text`));
      expect(sql).toMatch(new RegExp(`create index [^;]* on "app_6f1c2a9e4b7d"\\."deals" \\("${column}"\\)`));
    }
  });

  it("lists the SQL in order: roles, schema, tables, foreign keys after tables, then security", () => {
    const plan = planProvision(example("crm"), APP);
    const at = (pattern: RegExp) => plan.steps.findIndex((s) => pattern.test(s.sql));
    expect(at(/^create role "app_6f1c2a9e4b7d__owner"/)).toBe(0);
    expect(at(/^create schema/)).toBeLessThan(at(/^create table/));
    expect(at(/create table "app_6f1c2a9e4b7d"."companies"/)).toBeLessThan(
      at(/create table "app_6f1c2a9e4b7d"."deals"/),
    );
    expect(at(/create table "app_6f1c2a9e4b7d"."activities"/)).toBeLessThan(at(/foreign key/));
    expect(at(/foreign key/)).toBeLessThan(at(/^create policy/));
    const salesRepDeals = plan.steps.find((s) =>
      /create policy "sales_rep_select" on "app_6f1c2a9e4b7d"."deals"/.test(s.sql),
    );
    expect(salesRepDeals?.sql).toContain(
      `"owner_id" = (nullif((select current_setting('request.jwt.claims', true)), '')::jsonb ->> 'sub')::uuid`,
    );
    expect(salesRepDeals?.description).toBe("sales_rep sees rows where owner_id is the signed-in user of deals.");
  });

  it("compiles team scopes from the claims' team_ids array", () => {
    const plan = planProvision(example("project-tracker"), APP);
    const policy = plan.steps.find((s) => /create policy "member_select" on "app_6f1c2a9e4b7d"."projects"/.test(s.sql));
    expect(policy?.sql).toContain(`"team_id" in (select team::uuid from jsonb_array_elements_text(`);
  });
});

describe("hostile blueprints are refused before any SQL is planned", () => {
  const refused = (mutate: (bp: Mutable) => void) => {
    const bp = example("crm") as Mutable;
    mutate(bp);
    try {
      planProvision(bp, APP);
    } catch (error) {
      expect(error).toBeInstanceOf(ProvisionError);
      return (error as ProvisionError).problems;
    }
    throw new Error("the blueprint was planned");
  };

  it("refuses identifiers that try to break out of quoting", () => {
    const problems = refused((bp) => {
      bp.data.tables[0].name = 'companies"; drop schema public cascade; --';
    });
    expect(problems[0]).toMatchObject({ path: "/data/tables/0/name", code: "invalid_identifier" });
  });

  it("refuses huge names", () => {
    const problems = refused((bp) => {
      bp.data.tables[1].columns[0].name = "a".repeat(5000);
      bp.security.roles[0].name = `r${"x".repeat(63)}`;
    });
    expect(problems.map((p) => p.path)).toEqual(
      expect.arrayContaining(["/data/tables/1/columns/0/name", "/security/roles/0/name"]),
    );
  });

  it("refuses reserved words and Plinth's own prefixes", () => {
    const problems = refused((bp) => {
      bp.data.tables[2].name = "user";
      bp.data.tables[3].columns[0].name = "select";
      bp.security.roles[1].name = "pg_read_all_data";
    });
    expect(problems.filter((p) => p.code === "invalid_identifier")).toHaveLength(3);
  });

  it("refuses a quote smuggled into a role name or a literal's type", () => {
    const problems = refused((bp) => {
      bp.security.roles[1].name = "rep' or '1'='1";
      bp.security.rowFilters[0].filter = { equals: ["amount", "0) or (true"] };
    });
    expect(problems.some((p) => p.path === "/security/roles/1/name")).toBe(true);
  });

  const badFilters = [
    [{ equals: ["salary", "$user.id"] }, "unknown_column"],
    [{ equals: ["amount", "0) or (true"] }, "invalid_filter_value"],
    [{ equals: ["owner_id", "$user.team_ids"] }, "invalid_filter_value"],
    [{ equals: ["stage", "$env.SECRET"] }, "invalid_filter_value"],
    [{ or: [{ equals: ["title", "x"] }, { in: ["nope", ["a"]] }] }, "unknown_column"],
  ] as const;

  it("refuses filters on unknown columns and values of the wrong type", () => {
    for (const [filter] of badFilters) {
      const problems = refused((bp) => {
        bp.security.rowFilters[0].filter = filter;
      });
      expect(problems.some((p) => p.path.startsWith("/security/rowFilters/0/filter"))).toBe(true);
    }
  });

  it("refuses them in the planner's own model too, even without the verifier", () => {
    for (const [filter, code] of badFilters) {
      const bp = example("crm") as Mutable;
      bp.security.rowFilters[0].filter = filter;
      const built = buildPhysicalApp(blueprintSchema.parse(bp));
      expect(built.ok ? [] : built.problems.map((p) => p.code)).toContain(code);
    }
  });

  it("takes a literal in its JSON type, as the verifier does: a quoted number fits no int or float column", () => {
    const bp = example("crm") as Mutable;
    bp.security.rowFilters.push(
      { role: "sales_rep", resource: "companies", filter: { equals: ["employees", "42"] } },
      { role: "sales_rep", resource: "deals", filter: { equals: ["amount", "42"] } },
    );
    const built = buildPhysicalApp(blueprintSchema.parse(bp));
    expect(built.ok ? [] : built.problems.map((p) => [p.path, p.code])).toEqual([
      ["/security/rowFilters/2/filter/equals/1", "invalid_filter_value"],
      ["/security/rowFilters/3/filter/equals/1", "invalid_filter_value"],
    ]);
  });

  it("refuses unknown keys anywhere (no SQL can ride along)", () => {
    const problems = refused((bp) => {
      bp.data.tables[0].columns[0].check = "true); drop table x; --";
    });
    expect(problems[0]?.code).toBe("schema_unrecognized_keys");
  });
});

describe("scopes and read-only columns", () => {
  const plan = planProvision(scopedApp(), APP);
  const sql = (pattern: RegExp) => plan.steps.map((s) => s.sql).filter((q) => pattern.test(q));
  const member = '"app_6f1c2a9e4b7d_member"';

  it("gives every command its own policy, with the command's scope beside the row filters", () => {
    expect(sql(/create policy "member_\w+" on "app_6f1c2a9e4b7d"."tasks"/)).toEqual([
      `create policy "member_select" on "app_6f1c2a9e4b7d"."tasks" for select to ${member} using (exists (select from "app_6f1c2a9e4b7d"."projects" as plinth_parent_1 where plinth_parent_1."id" = "tasks"."project_id"))`,
      expect.stringMatching(
        /for insert to .* with check \(exists \(select from "app_6f1c2a9e4b7d"."projects" as plinth_parent_1 where plinth_parent_1."id" = "tasks"."project_id" and \(plinth_parent_1."team_id" in .* and plinth_parent_1."owner_id" = .*\)\)\)$/,
      ),
      expect.stringMatching(
        /for update to .* using \(\("assignee_id" = \(.*->> 'sub'\)::uuid or exists .*\)\) with check \(\("assignee_id" = /,
      ),
      expect.stringMatching(
        /for delete to .* using \(\("assignee_id" = \(.*->> 'sub'\)::uuid and "done" = 'true'::boolean\)\)$/,
      ),
      expect.stringMatching(/create policy "member_parents" .* as restrictive for all/),
    ]);
  });

  it("leaves read-only columns out of the role's column grants, on insert and update", () => {
    const [grant] = sql(/^grant .* on "app_6f1c2a9e4b7d"."tasks" to "app_6f1c2a9e4b7d_member"/);
    expect(grant).toContain('insert ("id", "title", "project_id", "assignee_id", "done")');
    expect(grant).toContain('update ("title", "project_id", "assignee_id", "done")');
    expect(plan.grants.find((g) => g.table === "tasks" && g.dbRole.endsWith("_member"))?.update).not.toContain(
      "priority",
    );
  });

  it("indexes the person, team and parent columns the policies read, and the self-check insists on them", () => {
    for (const [table, column] of [
      ["projects", "team_id"],
      ["projects", "owner_id"],
      ["tasks", "assignee_id"],
      ["tasks", "done"],
      ["comments", "created_by"],
    ]) {
      expect(plan.filterColumns).toContainEqual({ table, column });
      expect(sql(new RegExp(`create index .* \\("${column}"\\)$`)).join()).toContain(`"${table}"`);
    }
  });
});
