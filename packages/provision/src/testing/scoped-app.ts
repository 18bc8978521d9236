/**
 * A small app that uses every kind of scope, for the isolation matrix and the migration
 * tests: teams own projects (team scope), projects have tasks (parent scope, and an
 * editable parent for writing), tasks have comments (a parent two levels below the
 * team-scoped project, visible and editable), tasks are edited by their assignee or by
 * whoever may edit their project (or), finished tasks are deleted by their assignee
 * (and, where), and a member may not set a task's priority (read-only column). Members
 * see only their own teams (a team scope on the teams table's own id).
 */
import { type BlueprintV2, validateBlueprint } from "@plinth/blueprint";

const ALL = { list: true, read: true, create: true, update: true, delete: true };
const READ = { list: true, read: true, create: false, update: false, delete: false };

export interface ScopedAppOptions {
  /** Scopes for the member's tasks permission; the default is the full model described above. */
  taskScopes?: Record<string, unknown> | undefined;
  /** Columns of tasks the member may not set. */
  taskReadOnly?: string[] | undefined;
}

export function scopedApp(options: ScopedAppOptions = {}): BlueprintV2 {
  const taskScopes =
    "taskScopes" in options
      ? options.taskScopes
      : {
          read: { parent: "project_id" },
          create: { parent: "project_id", editable: true },
          update: { or: [{ person: "assignee_id" }, { parent: "project_id", editable: true }] },
          delete: { and: [{ person: "assignee_id" }, { where: { equals: ["done", true] } }] },
        };
  const taskReadOnly = "taskReadOnly" in options ? options.taskReadOnly : ["priority"];
  const table = (name: string, columns: object[]) => ({ name, label: name, columns });
  const link = (fromTable: string, fromColumn: string, toTable: string) => ({
    type: "many_to_one",
    fromTable,
    fromColumn,
    toTable,
    toColumn: "id",
    onDelete: "cascade",
  });
  const input = {
    version: 2,
    app: { name: "Scoped", slug: "scoped" },
    data: {
      tables: [
        table("teams", [{ name: "name", label: "Name", type: "text", required: true }]),
        table("projects", [
          { name: "name", label: "Name", type: "text", required: true },
          { name: "team_id", label: "Team", type: "uuid", required: true },
          { name: "owner_id", label: "Owner", type: "user", default: "$user.id" },
        ]),
        table("tasks", [
          { name: "title", label: "Title", type: "text", required: true },
          { name: "project_id", label: "Project", type: "uuid", required: true },
          { name: "assignee_id", label: "Assignee", type: "user" },
          { name: "done", label: "Done", type: "bool", required: true, default: false },
          { name: "priority", label: "Priority", type: "int", default: 2 },
        ]),
        table("comments", [
          { name: "body", label: "Body", type: "text", required: true },
          { name: "task_id", label: "Task", type: "uuid", required: true },
        ]),
      ],
      relationships: [
        link("projects", "team_id", "teams"),
        link("tasks", "project_id", "projects"),
        link("comments", "task_id", "tasks"),
      ],
    },
    security: {
      roles: [
        { name: "lead", label: "Lead" },
        { name: "member", label: "Member" },
      ],
      teamTable: "teams",
      permissions: [
        ...["teams", "projects", "tasks", "comments"].map((resource) => ({ role: "lead", resource, actions: ALL })),
        { role: "member", resource: "teams", actions: READ, scopes: { read: { team: "id" } } },
        {
          role: "member",
          resource: "projects",
          actions: { ...ALL, delete: false },
          scopes: {
            read: { team: "team_id" },
            create: { team: "team_id" },
            update: { and: [{ team: "team_id" }, { person: "owner_id" }] },
          },
        },
        {
          role: "member",
          resource: "tasks",
          actions: ALL,
          ...(taskScopes && { scopes: taskScopes }),
          ...(taskReadOnly && { readOnlyColumns: taskReadOnly }),
        },
        {
          role: "member",
          resource: "comments",
          actions: ALL,
          scopes: {
            read: { parent: "task_id" },
            create: { parent: "task_id", editable: true },
            update: { person: "created_by" },
            delete: { person: "created_by" },
          },
        },
      ],
      rowFilters: [],
    },
    ui: {
      pages: [
        {
          id: "home",
          route: "/",
          title: "Home",
          blocks: ["teams", "projects", "tasks", "comments"].map((name) => ({
            id: `${name}_table`,
            type: "TABLE",
            table: name,
            columns: [name === "tasks" ? "title" : name === "comments" ? "body" : "name"],
          })),
        },
      ],
    },
  };
  const validation = validateBlueprint(input);
  if (!validation.ok) throw new Error(`the scoped app is invalid: ${JSON.stringify(validation.problems)}`);
  return validation.blueprint;
}
