import { readFileSync } from "node:fs";
import { type BlueprintV2, validateBlueprint } from "@plinth/blueprint";
import { describe, expect, it } from "vitest";
import {
  accessProblems,
  conditionChoices,
  currentCondition,
  currentScope,
  findPermission,
  rowRules,
  scopeChoices,
  scopeWords,
  setAction,
  setColumnWritable,
  setCondition,
  setScope,
} from "./access.js";

function example(name: string): BlueprintV2 {
  const json = JSON.parse(readFileSync(new URL(`../../../../schemas/examples/${name}.json`, import.meta.url), "utf8"));
  const checked = validateBlueprint(json);
  if (!checked.ok) throw new Error(`${name} is a valid example`);
  return checked.blueprint;
}

const EXAMPLES = [
  "helpdesk",
  "project-tracker",
  "school",
  "inventory",
  "crm",
  "recruiting",
  "event-planning",
  "expense-approvals",
];
const words = (bp: BlueprintV2, role: string, table: string) => scopeChoices(bp, role, table).map((c) => c.words);

describe("the scopes a founder picks from", () => {
  it("offers people columns, who added the row and the parents the role can see", () => {
    const bp = example("helpdesk");
    expect(words(bp, "agent", "tickets")).toEqual([
      "All rows",
      "Rows where Requester is the user",
      "Rows where Assignee is the user",
      "Rows they added",
      "Rows whose Category they can see",
    ]);
    // Comments hang off tickets, which agents may also change.
    expect(words(bp, "agent", "ticket_comments")).toEqual([
      "All rows",
      "Rows where Addressed to is the user",
      "Rows they added",
      "Rows whose Ticket they can see",
      "Rows whose Ticket they can edit",
    ]);
  });

  it("offers a team scope only through a link to the teams table, and no parent scope through a link back", () => {
    const bp = example("project-tracker");
    const tasks = scopeChoices(bp, "member", "tasks").map((c) => c.scope);
    expect(tasks).toContainEqual({ team: "team_id" });
    expect(tasks).toContainEqual({ parent: "project_id" });
    // A task's parent task is a task: its scope would ask the same question without end.
    expect(tasks).not.toContainEqual({ parent: "parent_task_id" });
    const withoutTeams = structuredClone(bp);
    delete withoutTeams.security.teamTable;
    expect(scopeChoices(withoutTeams, "member", "tasks").map((c) => c.scope)).not.toContainEqual({ team: "team_id" });
  });

  it("says the scope an action has now, a custom one included", () => {
    const bp = example("helpdesk");
    expect(currentScope(bp, "agent", "tickets", "update").words).toBe("Rows where Assignee is the user");
    expect(currentScope(bp, "requester", "tickets", "see").words).toBe("All rows");
    const custom = structuredClone(bp);
    setScope(custom, "agent", "kb_articles", "see", { or: [{ person: "created_by" }, { parent: "category_id" }] });
    expect(currentScope(custom, "agent", "kb_articles", "see").words).toBe(
      "Rows they added or whose Category they can see",
    );
    // A condition is chosen apart from whose rows they are.
    setScope(custom, "agent", "kb_articles", "update", { where: { equals: ["published", true] } });
    expect(currentScope(custom, "agent", "kb_articles", "update").words).toBe("All rows");
    expect(currentCondition(custom, "agent", "kb_articles", "update")?.words).toBe("Only where Published is true");
    expect(rowRules(bp, "requester", "kb_articles")).toEqual(["Employees read only published articles"]);
  });
});

describe("narrowing and widening a role", () => {
  it("narrows one action and widens it back to every row without touching the others", () => {
    const bp = example("helpdesk");
    expect(setScope(bp, "agent", "kb_articles", "update", { person: "created_by" })).toBeNull();
    expect(findPermission(bp, "agent", "kb_articles")?.scopes).toEqual({ update: { person: "created_by" } });
    expect(accessProblems(bp)).toEqual([]);

    expect(setScope(bp, "agent", "kb_articles", "update", "all")).toBeNull();
    expect(findPermission(bp, "agent", "kb_articles")).not.toHaveProperty("scopes");
    expect(setScope(bp, "agent", "tickets", "see", "all")).toBeNull();
    expect(findPermission(bp, "agent", "tickets")?.scopes).toEqual({ update: { person: "assignee_id" } });
  });

  it("refuses a scope for an action the role is not granted", () => {
    const bp = example("helpdesk");
    expect(setScope(bp, "agent", "tickets", "delete", { person: "assignee_id" })).toBe(
      "agent may not delete tickets at all; allow it first, then choose which rows.",
    );
    expect(findPermission(bp, "agent", "tickets")?.scopes).not.toHaveProperty("delete");
  });

  it("drops the scope and the column rules of actions it revokes, and grants seeing with any write", () => {
    const bp = example("helpdesk");
    setAction(bp, "agent", "tickets", "update", false);
    expect(findPermission(bp, "agent", "tickets")).toEqual({
      role: "agent",
      resource: "tickets",
      actions: { list: true, read: true, create: false, update: false, delete: false },
      scopes: { read: { person: "assignee_id" } },
    });
    setAction(bp, "requester", "categories", "delete", true);
    expect(findPermission(bp, "requester", "categories")?.actions).toEqual({
      list: true,
      read: true,
      create: false,
      update: false,
      delete: true,
    });
    setAction(bp, "requester", "kb_articles", "create", true);
    expect(findPermission(bp, "requester", "kb_articles")?.actions).toMatchObject({ read: true, create: true });
    setAction(bp, "agent", "ticket_comments", "see", false);
    expect(findPermission(bp, "agent", "ticket_comments")).toEqual({
      role: "agent",
      resource: "ticket_comments",
      actions: { list: false, read: false, create: false, update: false, delete: false },
    });
    expect(accessProblems(bp)).toEqual([]);
  });
});

describe("conditions on the rows' own values", () => {
  it("offers one per choice of each choice field and each yes/no field being yes", () => {
    const bp = example("helpdesk");
    expect(conditionChoices(bp, "tickets").map((c) => c.words)).toEqual([
      "Any row",
      "Only where Status is “new”",
      "Only where Status is “open”",
      "Only where Status is “pending”",
      "Only where Status is “resolved”",
      "Only where Status is “closed”",
      "Only where Priority is “low”",
      "Only where Priority is “normal”",
      "Only where Priority is “high”",
      "Only where Priority is “urgent”",
    ]);
    expect(conditionChoices(bp, "kb_articles").map((c) => c.scope)).toEqual([
      "all",
      { where: { equals: ["published", true] } },
    ]);
    // Nothing to choose on a table without choice or yes/no fields.
    expect(conditionChoices(bp, "categories").map((c) => c.words)).toEqual(["Any row"]);
  });

  it("adds a condition to whose rows they are, so both hold, and takes it off again", () => {
    const bp = example("helpdesk");
    const open = conditionChoices(bp, "tickets").find((c) => c.words === "Only where Status is “open”");
    expect(setCondition(bp, "agent", "tickets", "see", open?.scope ?? "all")).toBeNull();
    expect(findPermission(bp, "agent", "tickets")?.scopes).toEqual({
      read: { and: [{ person: "assignee_id" }, { where: { equals: ["status", "open"] } }] },
      update: { person: "assignee_id" },
    });
    expect(accessProblems(bp)).toEqual([]);
    expect(currentScope(bp, "agent", "tickets", "see").words).toBe("Rows where Assignee is the user");
    expect(currentCondition(bp, "agent", "tickets", "see")?.words).toBe("Only where Status is “open”");
    expect(scopeWords(bp, "agent", "tickets", "see")).toBe(
      "Rows where Assignee is the user and where Status is “open”",
    );

    // Another condition replaces it; other rows keep it: "Rows they added that are open".
    setCondition(bp, "agent", "tickets", "see", { where: { equals: ["status", "pending"] } });
    setScope(bp, "agent", "tickets", "see", { person: "created_by" });
    expect(findPermission(bp, "agent", "tickets")?.scopes?.read).toEqual({
      and: [{ person: "created_by" }, { where: { equals: ["status", "pending"] } }],
    });
    setScope(bp, "agent", "tickets", "see", "all");
    expect(findPermission(bp, "agent", "tickets")?.scopes?.read).toEqual({ where: { equals: ["status", "pending"] } });
    expect(currentScope(bp, "agent", "tickets", "see").words).toBe("All rows");
    setCondition(bp, "agent", "tickets", "see", "all");
    expect(findPermission(bp, "agent", "tickets")?.scopes).toEqual({ update: { person: "assignee_id" } });
    expect(currentCondition(bp, "agent", "tickets", "see")).toEqual({ key: "all", words: "Any row", scope: "all" });
  });

  it("cannot take apart a rule of its own: it has no condition to change, and whose rows replaces it whole", () => {
    const bp = example("helpdesk");
    setScope(bp, "agent", "tickets", "see", { or: [{ person: "created_by" }, { person: "assignee_id" }] });
    expect(setCondition(bp, "agent", "tickets", "see", { where: { equals: ["status", "open"] } })).toBeNull();
    expect(currentCondition(bp, "agent", "tickets", "see")?.words).toBe("Only where Status is “open”");
    setScope(bp, "agent", "tickets", "update", { and: [{ person: "created_by" }, { person: "assignee_id" }] });
    expect(currentCondition(bp, "agent", "tickets", "update")).toBeNull();
    setScope(bp, "agent", "tickets", "update", { person: "requester_id" });
    expect(findPermission(bp, "agent", "tickets")?.scopes?.update).toEqual({ person: "requester_id" });
  });

  it("refuses a condition on an action the role is not granted", () => {
    const bp = example("helpdesk");
    expect(setCondition(bp, "agent", "tickets", "delete", { where: { equals: ["status", "open"] } })).toBe(
      "agent may not delete tickets at all; allow it first, then choose which rows.",
    );
  });

  it("offers only conditions the verifier accepts, with any of the scopes on offer, on every example", () => {
    for (const name of EXAMPLES) {
      const bp = example(name);
      for (const role of bp.security.roles)
        for (const table of bp.data.tables) {
          if (!findPermission(bp, role.name, table.name)?.actions.read) continue;
          const conditions = conditionChoices(bp, table.name).slice(1);
          for (const [i, rows] of scopeChoices(bp, role.name, table.name).entries()) {
            const condition = conditions[i % Math.max(conditions.length, 1)];
            if (!condition) continue;
            const edited = structuredClone(bp);
            setScope(edited, role.name, table.name, "see", rows.scope);
            setCondition(edited, role.name, table.name, "see", condition.scope);
            expect({ name, role: role.name, table: table.name, problems: accessProblems(edited) }).toEqual({
              name,
              role: role.name,
              table: table.name,
              problems: accessProblems(bp),
            });
          }
        }
    }
  });
});

describe("column write rules", () => {
  it("locks and unlocks a field for a role, in the table's order", () => {
    const bp = example("helpdesk");
    setColumnWritable(bp, "agent", "tickets", "priority", false);
    expect(findPermission(bp, "agent", "tickets")?.readOnlyColumns).toEqual(["priority", "assignee_id"]);
    setColumnWritable(bp, "agent", "tickets", "assignee_id", true);
    setColumnWritable(bp, "agent", "tickets", "priority", true);
    expect(findPermission(bp, "agent", "tickets")).not.toHaveProperty("readOnlyColumns");
  });

  it("says in words when a role could never add a row because it may not set a required field", () => {
    const bp = example("helpdesk");
    setColumnWritable(bp, "requester", "tickets", "subject", false);
    expect(accessProblems(bp)).toEqual([
      {
        role: "requester",
        table: "tickets",
        code: "read_only_required_column",
        words:
          '"subject" is required and has no default, but "requester" may not set it, so they could never add a "tickets" record. Give "subject" a default, make it optional, or let "requester" set it.',
      },
    ]);
  });
});
