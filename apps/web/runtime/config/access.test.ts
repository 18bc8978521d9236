import type { BlueprintV2, Scope } from "@plinth/blueprint";
import { describe, expect, it } from "vitest";
import { accessExample, ME, OTHER } from "../testing/access-example";
import { describeRefusal, readOnlyColumns, readOnlyReason, rowAllowed, rowInScope } from "./access";
import { can } from "./refine-config";

const me = { id: ME, team_ids: ["team-a", "team-b"] };

describe("which rows a scope reaches, in the browser", () => {
  it("person, team and where scopes are decided from the user's id and teams", () => {
    expect(rowInScope({ person: "assignee_id" }, { assignee_id: ME }, me)).toBe(true);
    expect(rowInScope({ person: "assignee_id" }, { assignee_id: OTHER }, me)).toBe(false);
    expect(rowInScope({ person: "assignee_id" }, { assignee_id: null }, me)).toBe(false);
    expect(rowInScope({ team: "team_id" }, { team_id: "team-b" }, me)).toBe(true);
    expect(rowInScope({ team: "team_id" }, { team_id: "team-c" }, me)).toBe(false);
    const where: Scope = { where: { and: [{ equals: ["published", true] }, { in: ["team_id", "$user.team_ids"] }] } };
    expect(rowInScope(where, { published: true, team_id: "team-a" }, me)).toBe(true);
    expect(rowInScope(where, { published: false, team_id: "team-a" }, me)).toBe(false);
    expect(rowInScope("all", {}, me)).toBe(true);
    expect(rowInScope(null, {}, me)).toBe(true);
  });

  it("leaves a parent scope to the database, except over an empty link, and combines it in three values", () => {
    expect(rowInScope({ parent: "class_id" }, { class_id: "c1" }, me)).toBe("unknown");
    expect(rowInScope({ parent: "class_id" }, { class_id: null }, me)).toBe(false);
    const mine: Scope = { person: "owner_id" };
    const parent: Scope = { parent: "class_id" };
    expect(rowInScope({ or: [mine, parent] }, { owner_id: ME, class_id: "c1" }, me)).toBe(true);
    expect(rowInScope({ or: [mine, parent] }, { owner_id: OTHER, class_id: "c1" }, me)).toBe("unknown");
    expect(rowInScope({ and: [mine, parent] }, { owner_id: OTHER, class_id: "c1" }, me)).toBe(false);
    expect(rowInScope({ and: [mine, parent] }, { owner_id: ME, class_id: "c1" }, me)).toBe("unknown");
  });
});

describe("what a role may do to a row and a column", () => {
  const bp = accessExample();

  it("an agent opens every ticket but edits and deletes only those assigned to them", () => {
    const mine = { assignee_id: ME };
    const theirs = { assignee_id: OTHER };
    expect(rowAllowed(bp, "agent", "tickets", "select", theirs, me)).toBe(true);
    expect(rowAllowed(bp, "agent", "tickets", "update", mine, me)).toBe(true);
    expect(rowAllowed(bp, "agent", "tickets", "update", theirs, me)).toBe(false);
    expect(rowAllowed(bp, "agent", "tickets", "delete", theirs, me)).toBe(false);
    expect(can(bp, "agent", "tickets", "edit", { row: mine, user: me })).toBe(true);
    expect(can(bp, "agent", "tickets", "edit", { row: theirs, user: me })).toBe(false);
    expect(can(bp, "agent", "tickets", "show", { row: theirs, user: me })).toBe(true);
    // Without a row, the question is the table's: may the role edit some tickets?
    expect(can(bp, "agent", "tickets", "edit")).toBe(true);
    expect(can(bp, "admin", "tickets", "edit", { row: theirs, user: me })).toBe(true);
  });

  it("an action the role lacks is refused on every row", () => {
    expect(rowAllowed(bp, "requester", "tickets", "select", { requester_id: ME }, me)).toBe(true);
    expect(rowAllowed(bp, "requester", "tickets", "update", { requester_id: ME }, me)).toBe(false);
    expect(rowAllowed(bp, "nobody", "tickets", "select", {}, me)).toBe(false);
  });

  it("names who may change a read-only column", () => {
    expect(readOnlyColumns(bp, "agent", "tickets")).toEqual(["priority"]);
    expect(readOnlyColumns(bp, "admin", "tickets")).toEqual([]);
    expect(readOnlyReason(bp, "tickets", "priority")).toBe("Only Admins can change Priority.");
    const two: BlueprintV2 = structuredClone(bp);
    two.security.roles.push({ name: "lead", label: "Team lead" });
    two.security.permissions.push({
      role: "lead",
      resource: "tickets",
      actions: { list: true, read: true, create: false, update: true, delete: false },
    });
    expect(readOnlyReason(two, "tickets", "priority")).toBe("Only Admins and Team leads can change Priority.");
  });

  it("explains a refusal from the blueprint: the column's owners, else the role's scope, else no permission", () => {
    expect(describeRefusal(bp, "agent", "tickets", "update", ["subject", "priority"])).toBe(
      "Only Admins can change Priority.",
    );
    expect(describeRefusal(bp, "agent", "tickets", "update", ["subject"])).toBe(
      "As Agent, you can change only tickets where Assignee is the user.",
    );
    expect(describeRefusal(bp, "requester", "tickets", "update", ["subject"])).toBe(
      "As Employee, you cannot change tickets.",
    );
    expect(describeRefusal(bp, "requester", "tickets", "insert", ["subject"])).toBe(
      "As Employee, you can add only tickets where Requester is the user.",
    );
    expect(describeRefusal(bp, "admin", "tickets", "update", ["subject"])).toMatch(
      /^This record could not be changed: it may have been deleted/,
    );
  });
});
