import { describe, expect, it } from "vitest";
import { blueprintSchema } from "../schema.js";
import { exampleBlueprint } from "../testing/examples.js";
import { roleMembers, rolesThatMay, whoMay } from "./refusal.js";
import { resolveBlueprint } from "./resolve.js";

// Helpdesk: admins do everything; agents change their own tickets but not the assignee;
// employees add tickets but set neither the assignee nor the status; nobody else deletes.
const helpdesk = resolveBlueprint(blueprintSchema.parse(exampleBlueprint("helpdesk")));

describe("who may do something, in the founder's words", () => {
  it.each([
    ["insert", undefined, "Only Admins and Employees can add Tickets."],
    ["update", undefined, "Only Admins and Agents can change Tickets."],
    ["delete", undefined, "Only Admins can delete Tickets."],
    ["update", "assignee_id", "Only Admins can change Assignee."],
    ["insert", "status", "Only Admins can set Status."],
    ["update", "subject", "Only Admins and Agents can change Subject."],
  ] as const)("%s %s: %s", (command, column, sentence) => {
    expect(whoMay(helpdesk, "tickets", command, { column })).toBe(sentence);
  });

  it("says nobody when no role may, and takes the caller's label for the thing", () => {
    expect(whoMay(helpdesk, "categories", "delete", { label: "categories" })).toBe(
      "Only Admins can delete categories.",
    );
    const locked = structuredClone(exampleBlueprint("helpdesk"));
    for (const p of locked.security.permissions) if (p.resource === "tickets") p.actions.delete = false;
    expect(whoMay(resolveBlueprint(blueprintSchema.parse(locked)), "tickets", "delete")).toBe(
      "Nobody can delete Tickets.",
    );
  });

  it("names the roles in the blueprint's order and their members in plural", () => {
    expect(rolesThatMay(helpdesk, "tickets", "update")).toEqual(["admin", "agent"]);
    expect(rolesThatMay(helpdesk, "tickets", "update", "assignee_id")).toEqual(["admin"]);
    expect(roleMembers(helpdesk, ["admin", "agent", "requester"])).toBe("Admins, Agents and Employees");
    expect(roleMembers(helpdesk, [])).toBe("");
  });
});
