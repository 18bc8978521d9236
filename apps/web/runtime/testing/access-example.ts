/**
 * The helpdesk example with issue 15's access model written in, whatever the example
 * itself says: tickets have an Assignee (a member of the app), agents see and add every
 * ticket but change or delete only those assigned to them and never their Priority, and employees add
 * tickets and see their own, the new-ticket form naming the requester (me by default).
 * Blocks show the assignee so its display and picker show.
 */
import type { BlueprintV2 } from "@plinth/blueprint";
import { blueprintSchema } from "@plinth/blueprint";
import { loadExample } from "./render-runtime";

export const ME = "00000000-0000-4000-8000-000000000001";
export const OTHER = "00000000-0000-4000-8000-000000000002";

export function accessExample(): BlueprintV2 {
  const bp = structuredClone(loadExample("helpdesk"));
  const tickets = bp.data.tables.find((t) => t.name === "tickets");
  const assignee = tickets?.columns.find((c) => c.name === "assignee_id");
  if (!tickets || !assignee) throw new Error("helpdesk lost its tickets.assignee_id");
  assignee.type = "user";
  assignee.label = "Assignee";
  const requester = tickets.columns.find((c) => c.name === "requester_id");
  if (requester) Object.assign(requester, { type: "user", default: "$user.id" });
  const agent = bp.security.permissions.find((p) => p.role === "agent" && p.resource === "tickets");
  if (!agent) throw new Error("helpdesk lost the agent's tickets permission");
  agent.actions = { list: true, read: true, create: true, update: true, delete: true };
  agent.scopes = { read: "all", update: { person: "assignee_id" }, delete: { person: "assignee_id" } };
  agent.readOnlyColumns = ["priority"];
  for (const block of [...bp.ui.pages, ...bp.ui.modals].flatMap((p) => p.blocks)) {
    if (block.type === "FORM" && block.table === "tickets" && block.mode === "create")
      block.fields = [...block.fields.filter((f) => f !== "requester_id"), "requester_id"];
    if (block.type === "TABLE" && block.table === "tickets") {
      block.columns = ["subject", "status", "priority", "assignee_id", "created_by"];
      block.rowActions = [...block.rowActions, { type: "delete" }];
    }
    if (block.type === "KANBAN" && block.table === "tickets") block.cardColumns = ["priority", "assignee_id"];
    if (block.type === "DETAIL" && block.table === "tickets") block.fields = ["subject", "status", "assignee_id"];
  }
  return blueprintSchema.parse(bp);
}
