/**
 * Refine instructions over the example apps and the exact change each must make, shared
 * by the blueprint test (the result equals the expected blueprint) and the provisioning
 * test (the change migrates a live app with its data).
 */
import { readFileSync } from "node:fs";
import type { MutableBlueprint } from "@plinth/blueprint/testing";

type Bp = MutableBlueprint;
export type RefineCase =
  | { app: string; say: string; changes?: number; expect: (bp: Bp) => void }
  | { app: string; say: string; refused: RegExp };

// biome-ignore lint/suspicious/noExplicitAny: example JSON is reached into freely
type Any = any;
const table = (bp: Bp, name: string): Any => bp.data.tables.find((t: Any) => t.name === name);
const column = (bp: Bp, t: string, name: string): Any => table(bp, t).columns.find((c: Any) => c.name === name);
const blocks = (bp: Bp): Any[] => [...bp.ui.pages, ...bp.ui.modals].flatMap((p: Any) => p.blocks);
const block = (bp: Bp, id: string): Any => blocks(bp).find((b) => b.id === id);
const perm = (bp: Bp, role: string, t: string): Any =>
  bp.security.permissions.find((p: Any) => p.role === role && p.resource === t);
const page = (bp: Bp, id: string): Any => bp.ui.pages.find((p: Any) => p.id === id);
const without = (list: string[], ...gone: string[]) => list.filter((x) => !gone.includes(x));
const dropColumn = (bp: Bp, t: string, name: string) => {
  table(bp, t).columns = table(bp, t).columns.filter((c: Any) => c.name !== name);
};
const dropBlock = (bp: Bp, id: string) => {
  for (const p of [...bp.ui.pages, ...bp.ui.modals]) p.blocks = p.blocks.filter((b: Any) => b.id !== id);
};
const dropPage = (bp: Bp, id: string) => {
  bp.ui.pages = bp.ui.pages.filter((p: Any) => p.id !== id);
  bp.ui.navigation = bp.ui.navigation.filter((n: Any) => n.page !== id);
};
const text = (name: string, label: string, extra: Record<string, unknown> = {}) => ({
  name,
  label,
  type: "text",
  ...extra,
});
const dropFilter = (bp: Bp, role: string, t: string) => {
  bp.security.rowFilters = bp.security.rowFilters.filter((f: Any) => !(f.role === role && f.resource === t));
};
const person = (column: string, ...actions: string[]) =>
  Object.fromEntries(actions.map((a) => [a, { person: column }]));
/** A table renamed with its data kept: every link, permission, filter and block follows; `shown` renames its menu entry and page too. */
const renamedTable = (bp: Bp, from: string, to: string, label: string, shown = false) => {
  Object.assign(table(bp, from), { name: to, label, renamedFrom: from });
  const rename = (name: string) => (name === from ? to : name);
  for (const r of bp.data.relationships)
    Object.assign(r, { fromTable: rename(r.fromTable), toTable: rename(r.toTable) });
  for (const p of bp.security.permissions) p.resource = rename(p.resource);
  for (const f of bp.security.rowFilters) f.resource = rename(f.resource);
  for (const b of blocks(bp)) {
    if (b.table) b.table = rename(b.table);
    for (const r of b.related ?? []) r.table = rename(r.table);
  }
  if (!shown) return;
  const before = from.charAt(0).toUpperCase() + from.slice(1);
  for (const n of bp.ui.navigation) if (n.label === before) n.label = label;
  for (const p of bp.ui.pages) if (p.title === before) p.title = label;
};
/** A new role that sees every table and changes nothing. */
const readOnlyRole =
  (name: string) =>
  (bp: Bp): void => {
    bp.security.roles.push({
      name,
      label: name.charAt(0).toUpperCase() + name.slice(1),
      description: "Can view, not change",
    });
    for (const t of bp.data.tables) bp.security.permissions.push({ role: name, resource: t.name, actions: READ });
  };
const agentsKeepPriority = (bp: Bp) => {
  perm(bp, "agent", "tickets").readOnlyColumns.push("priority");
};
const repsSeeOwnDeals = (bp: Bp) => {
  // owner_id links nowhere: it becomes a people column, its values kept.
  column(bp, "deals", "owner_id").type = "user";
  perm(bp, "sales_rep", "deals").scopes = person("owner_id", "read", "create", "update");
  dropFilter(bp, "sales_rep", "deals");
};
const onlyAdminsDeleteTasks = (bp: Bp) => {
  perm(bp, "team_lead", "tasks").actions.delete = false;
  delete perm(bp, "team_lead", "tasks").scopes.delete;
};
/** Each action keeps the rule it has and gains `scope` too: "only" narrows, both hold. */
const alsoScoped = (p: Any, scope: Any, ...actions: string[]) => {
  for (const a of actions) p.scopes[a] = { and: [p.scopes[a], scope] };
};
const membersSeeAssignedTasks = (bp: Bp) => {
  // Members already see the tasks of their team's projects; now only those assigned to them among them.
  alsoScoped(perm(bp, "member", "tasks"), { person: "assignee_id" }, "read", "create", "update");
};
const agentsSeeOpenTickets = (bp: Bp) => {
  // Assigned to them and open; what they may change stays their assigned tickets, so they can still close one.
  alsoScoped(perm(bp, "agent", "tickets"), { where: { equals: ["status", "open"] } }, "read");
};
const agentsOnlySeeTickets = (bp: Bp) => {
  const p = perm(bp, "agent", "tickets");
  p.actions.update = false;
  p.scopes = { read: { person: "assignee_id" } };
  delete p.readOnlyColumns;
};
const NONE = { list: false, read: false, create: false, update: false, delete: false };
const READ = { list: true, read: true, create: false, update: false, delete: false };

const EXPECTATIONS: Record<string, (role?: string) => (bp: Bp) => void> = {
  onlyAdminsDeleteTasks: () => onlyAdminsDeleteTasks,
  membersSeeAssignedTasks: () => membersSeeAssignedTasks,
  agentsOnlySeeTickets: () => agentsOnlySeeTickets,
  agentsKeepPriority: () => agentsKeepPriority,
  repsSeeOwnDeals: () => repsSeeOwnDeals,
  agentsSeeOpenTickets: () => agentsSeeOpenTickets,
  readOnlyRole: (role) => readOnlyRole(role ?? ""),
};
const LANGUAGES = ["es", "fr", "de", "pt"];

export const REFINE_CASES: RefineCase[] = [
  // ── helpdesk ──
  {
    app: "helpdesk",
    say: "Add a severity field with choices minor, major, critical to tickets",
    expect: (bp) => {
      table(bp, "tickets").columns.push(text("severity", "Severity", { enum: ["minor", "major", "critical"] }));
      block(bp, "tickets_table").columns.push("severity");
      block(bp, "ticket_record").fields.push("severity");
      block(bp, "new_ticket_form").fields.push("severity");
      block(bp, "ticket_triage_form").fields.push("severity");
    },
  },
  {
    app: "helpdesk",
    say: "remove the due date from tickets",
    expect: (bp) => {
      dropColumn(bp, "tickets", "due_at");
      block(bp, "tickets_table").columns = without(block(bp, "tickets_table").columns, "due_at");
      block(bp, "ticket_record").fields = without(block(bp, "ticket_record").fields, "due_at");
      block(bp, "ticket_board").cardColumns = without(block(bp, "ticket_board").cardColumns, "due_at");
      block(bp, "ticket_triage_form").fields = without(block(bp, "ticket_triage_form").fields, "due_at");
    },
  },
  {
    app: "helpdesk",
    say: "rename the subject of tickets to title",
    expect: (bp) => {
      Object.assign(column(bp, "tickets", "subject"), { name: "title", label: "Title", renamedFrom: "subject" });
      bp.data.relationships[2].ui.lookupLabelColumn = "title";
      for (const b of blocks(bp).filter((x) => x.table === "tickets")) {
        for (const key of ["columns", "fields", "searchColumns"])
          if (b[key]) b[key] = b[key].map((c: string) => (c === "subject" ? "title" : c));
        if (b.titleColumn === "subject") b.titleColumn = "title";
      }
    },
  },
  {
    app: "helpdesk",
    say: "make the assignee of tickets required",
    refused: /requester may add tickets but not set assignee_id.*Nearest: give it a default/,
  },
  {
    app: "helpdesk",
    say: "set the choices of ticket priority to low, normal, high",
    expect: (bp) => {
      column(bp, "tickets", "priority").enum = ["low", "normal", "high"];
      dropBlock(bp, "urgent_tickets");
    },
  },
  {
    app: "helpdesk",
    say: "only admins can edit kb articles",
    expect: (bp) => {
      perm(bp, "agent", "kb_articles").actions.update = false;
    },
  },
  {
    app: "helpdesk",
    say: "agents can delete tickets",
    expect: (bp) => {
      perm(bp, "agent", "tickets").actions.delete = true;
    },
  },
  {
    app: "helpdesk",
    // Already so: the scope stays, no row filter is added on top.
    say: "agents see only tickets assigned to them",
    expect: () => {},
  },
  {
    app: "helpdesk",
    say: "agents see only ticket comments on their tickets",
    expect: (bp) => {
      // Agents may change their tickets, so the comments they add are on tickets they may change.
      perm(bp, "agent", "ticket_comments").scopes.create = { parent: "ticket_id", editable: true };
    },
  },
  {
    app: "helpdesk",
    say: "agents cannot change the priority",
    expect: agentsKeepPriority,
  },
  {
    app: "helpdesk",
    say: "requesters see only published kb articles",
    expect: (bp) => {
      perm(bp, "requester", "kb_articles").scopes = { read: { where: { equals: ["published", true] } } };
      dropFilter(bp, "requester", "kb_articles");
    },
  },
  {
    app: "helpdesk",
    say: "add a read-only viewer role",
    expect: readOnlyRole("viewer"),
  },
  {
    app: "helpdesk",
    say: "use dark mode",
    expect: (bp) => {
      bp.app.theme.mode = "dark";
    },
  },
  {
    app: "helpdesk",
    say: "usa el modo oscuro",
    expect: (bp) => {
      bp.app.theme.mode = "dark";
    },
  },
  {
    app: "helpdesk",
    say: "only admins can close tickets",
    refused: /"close" is a change to a field.*Nearest: "only admins can change tickets"/,
  },
  {
    app: "helpdesk",
    say: "remove the requester from tickets",
    refused: /tickets.requester_id decides which tickets requester may see.*Change that rule first/,
  },

  // ── crm ──
  {
    app: "crm",
    say: "remove the website field from companies",
    expect: (bp) => {
      dropColumn(bp, "companies", "website");
      block(bp, "companies_table").columns = ["name", "industry", "employees"];
      block(bp, "company_form_block").fields = ["name", "industry", "employees"];
    },
  },
  {
    app: "crm",
    say: "rename companies to accounts",
    expect: (bp) => renamedTable(bp, "companies", "accounts", "Accounts", true),
  },
  {
    app: "crm",
    say: "make the deal amount required",
    expect: (bp) => {
      column(bp, "deals", "amount").required = true;
    },
  },
  {
    app: "crm",
    say: "amount of deals must be at least 0",
    expect: (bp) => {
      column(bp, "deals", "amount").min = 0;
    },
  },
  {
    app: "crm",
    say: "add the choice negotiation to the stage of deals",
    expect: (bp) => void column(bp, "deals", "stage").enum.push("negotiation"),
  },
  {
    app: "crm",
    say: "sales reps cannot delete contacts",
    expect: (bp) => {
      perm(bp, "sales_rep", "contacts").actions.delete = false;
    },
  },
  {
    app: "crm",
    say: "add a chart of deals by stage to the dashboard",
    expect: (bp) => {
      page(bp, "dashboard").blocks.push({
        id: "deals_by_stage_chart",
        type: "CHART",
        title: "Deals by stage",
        table: "deals",
        chartType: "bar",
        groupBy: "stage",
        aggregate: { fn: "count" },
      });
    },
  },
  {
    app: "crm",
    say: "make the colour purple",
    expect: (bp) => {
      bp.app.theme.primaryColor = "#7c3aed";
    },
  },
  {
    app: "crm",
    say: "rename the sales rep role to account executive",
    expect: (bp) => {
      bp.security.roles[1].label = "Account executive";
    },
  },
  {
    app: "crm",
    say: "employees of companies must be between 1 and 100000",
    expect: (bp) => void Object.assign(column(bp, "companies", "employees"), { min: 1, max: 100000 }),
  },
  {
    app: "crm",
    say: "ajoute un champ note aux contacts",
    expect: (bp) => {
      table(bp, "contacts").columns.push(text("note", "Note", { maxLength: 500 }));
      block(bp, "contacts_table").columns.push("note");
      block(bp, "contact_form").fields.push("note");
    },
  },

  // ── event-planning ──
  {
    app: "event-planning",
    say: "remove the speakers table",
    expect: (bp) => {
      bp.data.tables = bp.data.tables.filter((t: Any) => t.name !== "speakers");
      bp.data.relationships = bp.data.relationships.filter((r: Any) => r.toTable !== "speakers");
      bp.security.permissions = bp.security.permissions.filter((p: Any) => p.resource !== "speakers");
      dropColumn(bp, "sessions", "speaker_id");
      block(bp, "event_agenda").related[0].columns = ["starts_at", "title", "room"];
      block(bp, "session_form_block").fields = without(block(bp, "session_form_block").fields, "speaker_id");
      bp.ui.modals = bp.ui.modals.filter((m: Any) => m.id !== "speaker_form");
      dropPage(bp, "speakers");
      for (const b of blocks(bp))
        if (b.type === "TIMELINE" && b.descriptionColumn === "speaker_id") delete b.descriptionColumn;
    },
  },
  {
    app: "event-planning",
    say: "make the budget of events a whole number",
    refused: /do not all convert to int.*Nearest: add a new field/,
  },
  {
    app: "event-planning",
    say: "change room of sessions to long text",
    expect: (bp) => {
      column(bp, "sessions", "room").format = "markdown";
    },
  },
  {
    app: "event-planning",
    say: "remove the volunteer role",
    expect: (bp) => {
      bp.security.roles = bp.security.roles.filter((r: Any) => r.name !== "volunteer");
      bp.security.permissions = bp.security.permissions.filter((p: Any) => p.role !== "volunteer");
      bp.security.rowFilters = bp.security.rowFilters.filter((f: Any) => f.role !== "volunteer");
      if (bp.security.defaultRole === "volunteer") delete bp.security.defaultRole;
    },
  },
  {
    app: "event-planning",
    say: "add a calendar of planning tasks",
    expect: (bp) => {
      bp.ui.pages.push({
        id: "planning_tasks_calendar",
        route: "/planning-tasks-calendar",
        title: "Planning tasks",
        blocks: [
          {
            id: "planning_tasks_calendar",
            type: "CALENDAR",
            title: "Planning tasks",
            table: "planning_tasks",
            dateColumn: "due_on",
            titleColumn: "title",
          },
        ],
      });
      bp.ui.navigation.push({ label: "Planning tasks", page: "planning_tasks_calendar" });
    },
  },
  {
    app: "event-planning",
    say: "the capacity of venues must be at least 1",
    expect: (bp) => {
      column(bp, "venues", "capacity").min = 1;
    },
  },
  {
    app: "event-planning",
    say: "elimina el campo address de venues",
    expect: (bp) => {
      dropColumn(bp, "venues", "address");
      delete block(bp, "venue_gallery").captionColumn;
      block(bp, "venue_form").fields = without(block(bp, "venue_form").fields, "address");
      for (const b of blocks(bp).filter((x) => x.table === "venues" && x.columns))
        b.columns = without(b.columns, "address");
    },
  },
  // ── expense-approvals ──
  {
    app: "expense-approvals",
    say: "remove the merchant from expense items",
    expect: (bp) => {
      dropColumn(bp, "expense_items", "merchant");
      block(bp, "report_lines").related[0].columns = ["spent_on", "category", "amount", "receipt_url"];
      delete block(bp, "receipt_gallery").titleColumn;
      block(bp, "item_form_block").fields = without(block(bp, "item_form_block").fields, "merchant");
    },
  },
  {
    app: "expense-approvals",
    say: "make the purpose of expense reports required",
    expect: (bp) => {
      column(bp, "expense_reports", "purpose").required = true;
      for (const b of blocks(bp))
        if (b.type === "FORM" && b.table === "expense_reports" && b.mode === "create" && !b.fields.includes("purpose"))
          b.fields.push("purpose");
    },
  },
  {
    app: "expense-approvals",
    say: "set the choices of category of expense items to travel, meals, lodging, other",
    expect: (bp) => {
      column(bp, "expense_items", "category").enum = ["travel", "meals", "lodging", "other"];
    },
  },
  {
    app: "expense-approvals",
    say: "approvers cannot delete expense reports",
    expect: (bp) => {
      perm(bp, "approver", "expense_reports").actions.delete = false;
    },
  },
  {
    app: "expense-approvals",
    say: "make employees read-only on cost centers",
    expect: (bp) => {
      const p = perm(bp, "employee", "cost_centers");
      p.actions = { ...p.actions, create: false, update: false, delete: false };
    },
  },
  {
    app: "expense-approvals",
    say: "add a board of expense items by category",
    expect: (bp) => {
      bp.ui.pages.push({
        id: "expense_items_by_category_board",
        route: "/expense-items-by-category-board",
        title: "Expense items by category",
        blocks: [
          {
            id: "expense_items_by_category_board",
            type: "KANBAN",
            title: "Expense items by category",
            table: "expense_items",
            groupBy: "category",
            titleColumn: "merchant",
          },
        ],
      });
      bp.ui.navigation.push({ label: "Expense items by category", page: "expense_items_by_category_board" });
    },
  },
  {
    app: "expense-approvals",
    say: "code of cost centers must be unique",
    expect: (bp) => {
      column(bp, "cost_centers", "code").unique = true;
    },
  },
  {
    app: "expense-approvals",
    say: "rends le champ merchant obligatoire",
    expect: (bp) => {
      column(bp, "expense_items", "merchant").required = true;
    },
  },

  // ── inventory ──
  {
    app: "inventory",
    say: "remove the photo of products",
    expect: (bp) => {
      dropColumn(bp, "products", "photo_url");
      dropBlock(bp, "product_gallery");
      page(bp, "products").layout.config.tabs = ["Catalogue"];
      block(bp, "product_record").fields = without(block(bp, "product_record").fields, "photo_url");
      block(bp, "product_form_block").fields = without(block(bp, "product_form_block").fields, "photo_url");
    },
  },
  {
    app: "inventory",
    say: "rename sku of products to code",
    expect: (bp) => {
      Object.assign(column(bp, "products", "sku"), { name: "code", label: "Code", renamedFrom: "sku" });
      for (const b of blocks(bp).filter((x) => x.table === "products")) {
        for (const key of ["columns", "fields", "searchColumns"])
          if (b[key]) b[key] = b[key].map((c: string) => (c === "sku" ? "code" : c));
        if (b.captionColumn === "sku") b.captionColumn = "code";
      }
    },
  },
  {
    app: "inventory",
    say: "make lead time days of suppliers a decimal number",
    expect: (bp) => {
      const c = column(bp, "suppliers", "lead_time_days");
      c.type = "float";
    },
  },
  {
    app: "inventory",
    say: "remove the choice paint from the category of products",
    expect: (bp) => {
      column(bp, "products", "category").enum = ["hardware", "electrical", "plumbing", "tools"];
    },
  },
  {
    app: "inventory",
    say: "warehouse staff can delete stock movements",
    expect: (bp) =>
      void Object.assign(perm(bp, "warehouse_staff", "stock_movements").actions, {
        delete: true,
        list: true,
        read: true,
      }),
  },
  {
    app: "inventory",
    say: "only managers can see suppliers",
    expect: (bp) => {
      perm(bp, "purchaser", "suppliers").actions = NONE;
    },
  },
  {
    app: "inventory",
    say: "move the suppliers page to the top",
    expect: (bp) => {
      const item = bp.ui.navigation.find((n: Any) => n.page === "suppliers");
      bp.ui.navigation = [item, ...bp.ui.navigation.filter((n: Any) => n !== item)];
    },
  },
  { app: "inventory", say: "remove the latest movements timeline", expect: (bp) => dropBlock(bp, "latest_movements") },
  {
    app: "inventory",
    say: "benenne das Feld note in comment um",
    expect: (bp) => {
      Object.assign(column(bp, "stock_movements", "note"), { name: "comment", label: "Comment", renamedFrom: "note" });
      block(bp, "latest_movements").descriptionColumn = "comment";
      block(bp, "product_record").related[1].columns = ["moved_at", "kind", "quantity", "location_id", "comment"];
      block(bp, "movements_table").columns = ["moved_at", "kind", "product_id", "location_id", "quantity", "comment"];
      block(bp, "movement_form_block").fields = [
        "product_id",
        "location_id",
        "kind",
        "quantity",
        "moved_at",
        "comment",
      ];
    },
  },
  {
    app: "inventory",
    say: "add a contact name to suppliers",
    expect: (bp) => {
      table(bp, "suppliers").columns.push(text("contact_name", "Contact name", { maxLength: 500 }));
      for (const b of blocks(bp).filter((x) => x.table === "suppliers")) {
        if (b.type === "TABLE" && b.columns.length < 8) b.columns.push("contact_name");
        if (b.type === "FORM" || b.type === "DETAIL") b.fields.push("contact_name");
      }
    },
  },

  // ── project-tracker ──
  {
    app: "project-tracker",
    say: "remove the progress field from tasks",
    expect: (bp) => {
      dropColumn(bp, "tasks", "progress");
      dropBlock(bp, "progress_by_project");
      block(bp, "project_tasks").related[0].columns = ["title", "status", "assignee_id", "due_on"];
      block(bp, "task_form_block").fields = without(block(bp, "task_form_block").fields, "progress");
      for (const b of blocks(bp).filter((x) => x.table === "tasks" && x.columns))
        b.columns = without(b.columns, "progress");
    },
  },
  {
    app: "project-tracker",
    say: "rename milestones to checkpoints",
    expect: (bp) => renamedTable(bp, "milestones", "checkpoints", "Checkpoints"),
  },
  {
    app: "project-tracker",
    say: "make the priority of tasks required",
    expect: (bp) => {
      column(bp, "tasks", "priority").required = true;
      for (const b of blocks(bp))
        if (b.type === "FORM" && b.table === "tasks" && b.mode === "create" && !b.fields.includes("priority"))
          b.fields.push("priority");
    },
  },
  {
    app: "project-tracker",
    say: "members can see projects but not edit them",
    expect: (bp) => {
      perm(bp, "member", "projects").actions = READ;
    },
  },
  { app: "project-tracker", say: "remove the calendar page", expect: (bp) => dropPage(bp, "calendar") },
  {
    app: "project-tracker",
    say: "switch to dark theme",
    expect: (bp) => {
      bp.app.theme.mode = "dark";
    },
  },
  {
    app: "project-tracker",
    say: "torne o campo brief obrigatório",
    expect: (bp) => {
      column(bp, "projects", "brief").required = true;
      for (const b of blocks(bp))
        if (b.type === "FORM" && b.table === "projects" && b.mode === "create" && !b.fields.includes("brief"))
          b.fields.push("brief");
    },
  },
  {
    app: "project-tracker",
    say: "Remove the color field from teams and make the description of teams required, then use dark mode",
    changes: 3,
    expect: (bp) => {
      dropColumn(bp, "teams", "color");
      for (const b of blocks(bp).filter((x) => x.table === "teams")) {
        if (b.columns) b.columns = without(b.columns, "color");
        if (b.fields) b.fields = without(b.fields, "color");
      }
      column(bp, "teams", "description").required = true;
      for (const b of blocks(bp))
        if (b.type === "FORM" && b.table === "teams" && b.mode === "create" && !b.fields.includes("description"))
          b.fields.push("description");
      bp.app.theme.mode = "dark";
    },
  },
  {
    app: "project-tracker",
    say: "remove the teams table",
    refused: /decides which tasks|decides which projects|decides which milestones/,
  },

  // ── recruiting ──
  {
    app: "recruiting",
    say: "remove the linkedin url from candidates",
    expect: (bp) => {
      dropColumn(bp, "candidates", "linkedin_url");
      block(bp, "candidate_record").fields = without(block(bp, "candidate_record").fields, "linkedin_url");
      block(bp, "candidate_form_block").fields = without(block(bp, "candidate_form_block").fields, "linkedin_url");
      for (const b of blocks(bp).filter((x) => x.table === "candidates" && x.columns))
        b.columns = without(b.columns, "linkedin_url");
    },
  },
  {
    app: "recruiting",
    say: "rename the interviewer role to panelist",
    expect: (bp) => {
      bp.security.roles[2].label = "Panelist";
    },
  },
  {
    app: "recruiting",
    say: "interviewers cannot see candidates",
    expect: (bp) => {
      perm(bp, "interviewer", "candidates").actions = NONE;
    },
  },
  {
    app: "recruiting",
    say: "set the choices of recommendation of interviews to yes, no",
    expect: (bp) => {
      column(bp, "interviews", "recommendation").enum = ["yes", "no"];
    },
  },
  {
    app: "recruiting",
    say: "add a list of departments to the dashboard",
    expect: (bp) => {
      page(bp, "dashboard").blocks.push({
        id: "departments_list",
        type: "TABLE",
        title: "Departments",
        table: "departments",
        columns: ["name"],
      });
    },
  },
  {
    app: "recruiting",
    say: "make the rating of applications between 1 and 10",
    expect: (bp) => void Object.assign(column(bp, "applications", "rating"), { min: 1, max: 10 }),
  },
  {
    app: "recruiting",
    say: "adicione telefone a departments",
    expect: (bp) => {
      table(bp, "departments").columns.push(text("telefone", "Telefone", { maxLength: 500 }));
      for (const b of blocks(bp).filter((x) => x.table === "departments")) {
        if (b.type === "TABLE") b.columns.push("telefone");
        if (b.type === "FORM" || b.type === "DETAIL") b.fields.push("telefone");
      }
    },
  },
  { app: "recruiting", say: "make the full name of candidates a number", refused: /do not all convert to int/ },

  // ── school ──
  {
    app: "school",
    say: "remove the room from classes",
    expect: (bp) => {
      dropColumn(bp, "classes", "room");
      for (const id of ["classes_table"]) block(bp, id).columns = without(block(bp, id).columns, "room");
      for (const id of ["class_record", "class_form_block"])
        block(bp, id).fields = without(block(bp, id).fields, "room");
    },
  },
  {
    app: "school",
    say: "make the guardian email of students an email",
    expect: (bp) => {
      column(bp, "students", "guardian_email").format = "email";
    },
  },
  {
    app: "school",
    say: "add a chart of announcements by audience to the home page",
    expect: (bp) => {
      page(bp, "home").blocks.push({
        id: "announcements_by_audience_chart",
        type: "CHART",
        title: "Announcements by audience",
        table: "announcements",
        chartType: "bar",
        groupBy: "audience",
        aggregate: { fn: "count" },
      });
    },
  },
  {
    app: "school",
    say: "teachers can no longer delete announcements",
    expect: (bp) => {
      perm(bp, "teacher", "announcements").actions.delete = false;
    },
  },
  {
    app: "school",
    say: "change the colour to #1d4ed8",
    expect: (bp) => {
      bp.app.theme.primaryColor = "#1d4ed8";
    },
  },
  {
    app: "school",
    say: "remove the birth date of students and make the photo of students required",
    changes: 2,
    expect: (bp) => {
      dropColumn(bp, "students", "birth_date");
      block(bp, "student_record").fields = without(block(bp, "student_record").fields, "birth_date");
      block(bp, "student_form_block").fields = without(block(bp, "student_form_block").fields, "birth_date");
      for (const b of blocks(bp).filter((x) => x.table === "students" && x.columns))
        b.columns = without(b.columns, "birth_date");
      column(bp, "students", "photo_url").required = true;
      for (const b of blocks(bp))
        if (b.type === "FORM" && b.table === "students" && b.mode === "create" && !b.fields.includes("photo_url"))
          b.fields.push("photo_url");
    },
  },
  { app: "school", say: "make everything better", refused: /did not recognise this change.*"add a due date to tasks"/ },
  { app: "school", say: "remove the principal role", refused: /owner's role and cannot be removed; rename it instead/ },
  {
    app: "school",
    say: "grade level of students must be between 1 and 13",
    expect: (bp) => void Object.assign(column(bp, "students", "grade_level"), { min: 1, max: 13 }),
  },
  {
    app: "school",
    say: "rename the classes table to courses",
    expect: (bp) => renamedTable(bp, "classes", "courses", "Courses", true),
  },
  // ── which rows a role sees or changes, and fields it may not set ──
  {
    app: "crm",
    say: "sales reps see only their own deals",
    expect: repsSeeOwnDeals,
  },
  {
    app: "helpdesk",
    say: "agents can change the assignee again",
    expect: (bp) => {
      delete perm(bp, "agent", "tickets").readOnlyColumns;
    },
  },
  {
    app: "crm",
    say: "only managers can change the stage of deals",
    expect: (bp) => {
      perm(bp, "sales_rep", "deals").readOnlyColumns = ["stage"];
    },
  },
  {
    app: "crm",
    say: "sales reps see all deals",
    expect: (bp) => {
      dropFilter(bp, "sales_rep", "deals");
    },
  },
  {
    app: "recruiting",
    say: "interviewers see only interviews assigned to them",
    expect: (bp) => {
      column(bp, "interviews", "interviewer_id").type = "user";
      perm(bp, "interviewer", "interviews").scopes = person("interviewer_id", "read", "update");
      dropFilter(bp, "interviewer", "interviews");
    },
  },
  {
    app: "event-planning",
    say: "volunteers see only confirmed or planning events",
    expect: (bp) => {
      perm(bp, "volunteer", "events").scopes = { read: { where: { in: ["status", ["confirmed", "planning"]] } } };
      dropFilter(bp, "volunteer", "events");
    },
  },
  {
    app: "project-tracker",
    say: "members see only their team's tasks",
    expect: (bp) => {
      alsoScoped(perm(bp, "member", "tasks"), { team: "team_id" }, "read", "create", "update");
    },
  },
  {
    app: "project-tracker",
    say: "members edit only tasks assigned to them",
    expect: (bp) => {
      alsoScoped(perm(bp, "member", "tasks"), { person: "assignee_id" }, "update");
    },
  },
  {
    app: "expense-approvals",
    say: "employees delete only their own expense reports",
    expect: (bp) => {
      column(bp, "expense_reports", "employee_id").type = "user";
      perm(bp, "employee", "expense_reports").scopes = person("employee_id", "delete");
    },
  },
  {
    app: "helpdesk",
    // Agents see the tickets assigned to them: "only open ones" narrows that, it does not replace it.
    say: "agents see only open tickets",
    expect: agentsSeeOpenTickets,
  },
  {
    app: "helpdesk",
    say: "agents see only tickets whose priority is high or urgent",
    expect: (bp) => {
      alsoScoped(perm(bp, "agent", "tickets"), { where: { in: ["priority", ["high", "urgent"]] } }, "read");
    },
  },
  {
    app: "helpdesk",
    // A second people column gives way to the first: the tickets they added instead of those assigned to them.
    say: "agents see only tickets they added",
    expect: (bp) => {
      perm(bp, "agent", "tickets").scopes = person("created_by", "read", "update");
    },
  },
  {
    app: "helpdesk",
    // Requesters keep seeing only the tickets they raised (a row rule of another kind), of those only the open ones.
    say: "requesters see only open tickets",
    expect: (bp) => {
      perm(bp, "requester", "tickets").scopes = { read: { where: { equals: ["status", "open"] } } };
    },
  },
  {
    app: "helpdesk",
    // No limit is left: the tickets assigned to them was one.
    say: "agents see all tickets",
    expect: (bp) => void delete perm(bp, "agent", "tickets").scopes,
  },
  {
    app: "inventory",
    // The row rule "only ordered or received" is the same kind of rule: the new condition replaces it.
    say: "warehouse staff see only received purchase orders",
    expect: (bp) => {
      perm(bp, "warehouse_staff", "purchase_orders").scopes = { read: { where: { equals: ["status", "received"] } } };
      dropFilter(bp, "warehouse_staff", "purchase_orders");
    },
  },
  // ── the same access sentences in Spanish, French, German and Portuguese (cases-in-other-languages.json) ──
  ...otherLanguages(),
];

/** The fixture's sentences, each with the expectation it names; a row that names none, or an unknown language, is refused at load. */
function otherLanguages(): RefineCase[] {
  const rows: Record<string, unknown>[] = JSON.parse(
    readFileSync(new URL("./cases-in-other-languages.json", import.meta.url), "utf8"),
  );
  return rows.flatMap((row, i) => {
    const { app, expect, role, ...said } = row;
    const expectation = typeof expect === "string" ? EXPECTATIONS[expect] : undefined;
    const wrong = Object.entries(said).filter(([lang, say]) => !LANGUAGES.includes(lang) || typeof say !== "string");
    if (
      typeof app !== "string" ||
      !expectation ||
      wrong.length ||
      (expect === "readOnlyRole") !== (typeof role === "string")
    )
      throw new Error(
        `cases-in-other-languages.json row ${i}: needs "app", "expect" (one of ${Object.keys(EXPECTATIONS).join(", ")}; "role" with readOnlyRole) and sentences under ${LANGUAGES.join(", ")}`,
      );
    return Object.values(said).map((say) => ({
      app,
      say: say as string,
      expect: expectation(role as string | undefined),
    }));
  });
}
