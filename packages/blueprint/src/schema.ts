/**
 * BlueprintV2: the one definition of what a Plinth app is. Every object is closed
 * (unknown keys are errors) because blueprints come from a language model and are
 * untrusted input. Cross references are checked by the verifier, not here.
 */
import { z } from "zod";
import {
  IDENTIFIER_PATTERN,
  identifierProblem,
  PLINTH_RESERVED_NAMES,
  POSTGRES_RESERVED_WORDS,
  SYSTEM_COLUMNS,
} from "./identifiers.js";
import { USER_TEAM_IDS } from "./variables.js";

export const identifier = z
  .string()
  .superRefine((value, ctx) => {
    const problem = identifierProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: problem, params: { plinth: "invalid_identifier" } });
  })
  .meta({
    id: "Identifier",
    pattern: IDENTIFIER_PATTERN.source,
    not: { enum: [...POSTGRES_RESERVED_WORDS, ...PLINTH_RESERVED_NAMES] },
    description: "snake_case identifier: not a reserved word, not starting with pg_, plinth, app_ or sql_",
  });

/** A column a blueprint declares; system columns are implied and cannot be declared. */
const columnName = identifier.refine((name) => !(SYSTEM_COLUMNS as readonly string[]).includes(name), {
  message: `${SYSTEM_COLUMNS.join(", ")} are system columns every table already has; remove this column or rename it`,
  params: { plinth: "system_column" },
});

/**
 * `file` and `image` hold an uploaded file's storage path (text in the database); the file
 * itself lives in Plinth's storage and is reachable only through a row that holds its path.
 * `user` holds one of the app's members (their user id, a uuid in the database): the
 * runtime shows them by name and picks them from the members, and scopes can name it.
 */
export const COLUMN_TYPES = [
  "uuid",
  "user",
  "text",
  "int",
  "float",
  "bool",
  "date",
  "timestamptz",
  "jsonb",
  "file",
  "image",
] as const;
/** Column types whose values are files kept in storage. */
export const FILE_COLUMN_TYPES = ["file", "image"] as const satisfies readonly (typeof COLUMN_TYPES)[number][];
export const COLUMN_FORMATS = [
  "email",
  "url",
  "phone",
  "currency",
  "percent",
  "markdown",
  "image_url",
  "color",
] as const;
export const BLOCK_TYPES = [
  "TABLE",
  "FORM",
  "DETAIL",
  "STAT-CARD",
  "CHART",
  "KANBAN",
  "CALENDAR",
  "TIMELINE",
  "CHAT",
  "GALLERY",
  "TREE",
] as const;
export { NOW, USER_ID, USER_TEAM_IDS } from "./variables.js";

const jsonLiteral = z.union([z.string(), z.number(), z.boolean()]);
const label = z.string().min(1).max(80);

export const columnSchema = z.strictObject({
  name: columnName,
  label: label.optional(),
  description: z.string().max(500).optional(),
  type: z.enum(COLUMN_TYPES),
  required: z.boolean().default(false),
  /** A typed JSON literal, or `$now` / `$user.id` where the type allows. Never SQL. */
  default: z.union([jsonLiteral, z.record(z.string(), z.unknown()), z.array(z.unknown())]).optional(),
  unique: z.boolean().default(false),
  indexed: z.boolean().default(false),
  enum: z.array(z.string().min(1).max(100)).min(1).max(50).optional(),
  min: z.union([z.number(), z.string()]).optional(),
  max: z.union([z.number(), z.string()]).optional(),
  maxLength: z.number().int().positive().max(100_000).optional(),
  format: z.enum(COLUMN_FORMATS).optional(),
  /** Set only when this column is an existing column renamed; otherwise a rename is a drop plus an add. */
  renamedFrom: identifier.optional(),
});

export const tableSchema = z.strictObject({
  name: identifier,
  label: label.optional(),
  description: z.string().max(500).optional(),
  primaryKey: z.literal("id").default("id"),
  columns: z.array(columnSchema).max(100),
  /**
   * A junction: each row links a record of one table to a record of another through these two
   * many-to-one link columns, at most once per pair, so the data API embeds across it (many-to-many).
   */
  junction: z.strictObject({ columns: z.tuple([identifier, identifier]) }).optional(),
  renamedFrom: identifier.optional(),
});

export const relationshipSchema = z.strictObject({
  type: z.enum(["many_to_one", "one_to_many"]),
  fromTable: identifier,
  fromColumn: identifier,
  toTable: identifier,
  toColumn: identifier,
  onDelete: z.enum(["restrict", "cascade", "set_null"]).default("restrict"),
  ui: z.strictObject({ lookupLabelColumn: identifier }).optional(),
});

/**
 * Row filter AST. The first operand of `equals` and `in` is always a column of the
 * table; the second is `$user.id`, `$user.team_ids` (only with `in`) or a literal.
 */
export type Filter =
  | { equals: [string, string | number | boolean] }
  | { in: [string, string | (string | number)[]] }
  | { and: Filter[] }
  | { or: Filter[] };

export const filterSchema: z.ZodType<Filter> = z
  .lazy(() =>
    z.union([
      z.strictObject({ equals: z.tuple([identifier, jsonLiteral]) }),
      z.strictObject({
        in: z.tuple([
          identifier,
          z.union([z.literal(USER_TEAM_IDS), z.array(z.union([z.string(), z.number()])).min(1)]),
        ]),
      }),
      z.strictObject({ and: z.array(filterSchema).min(1) }),
      z.strictObject({ or: z.array(filterSchema).min(1) }),
    ]),
  )
  .meta({ id: "Filter" });

export const roleSchema = z.strictObject({
  name: identifier,
  label: label.optional(),
  description: z.string().max(500).optional(),
});

const actionFlags = z.strictObject({
  list: z.boolean().default(false),
  read: z.boolean().default(false),
  create: z.boolean().default(false),
  update: z.boolean().default(false),
  delete: z.boolean().default(false),
});

/**
 * Which rows of a table an action reaches. `person`: a user column (or `created_by`) is the
 * signed-in user; `team`: a uuid column is one of the user's teams; `parent`: the row's
 * parent through that many-to-one link column is visible to the user (`editable`: one
 * the user may update), whatever the parent's own scope is, to any depth; `where`: a row
 * filter. An action without a scope reaches every row; an action not granted, none.
 */
export type Scope =
  | "all"
  | { person: string }
  | { team: string }
  | { parent: string; editable?: boolean }
  | { where: Filter }
  | { and: Scope[] }
  | { or: Scope[] };

export const scopeSchema: z.ZodType<Scope> = z
  .lazy(() =>
    z.union([
      z.literal("all"),
      z.strictObject({ person: identifier }),
      z.strictObject({ team: identifier }),
      z.strictObject({ parent: identifier, editable: z.boolean().optional() }),
      z.strictObject({ where: filterSchema }),
      z.strictObject({ and: z.array(scopeSchema).min(1) }),
      z.strictObject({ or: z.array(scopeSchema).min(1) }),
    ]),
  )
  .meta({ id: "Scope" });

/** `list` and `read` share the read scope: a role lists the rows it may read. */
const actionScopes = z.strictObject({
  read: scopeSchema.optional(),
  create: scopeSchema.optional(),
  update: scopeSchema.optional(),
  delete: scopeSchema.optional(),
});

export const permissionSchema = z.strictObject({
  role: identifier,
  resource: identifier,
  actions: actionFlags,
  scopes: actionScopes.optional(),
  /** Columns this role may not set when it creates or updates a row; the database refuses them. */
  readOnlyColumns: z.array(identifier).max(100).optional(),
});

export const rowFilterSchema = z.strictObject({
  role: identifier,
  resource: identifier,
  filter: filterSchema,
  description: z.string().max(300).optional(),
});

export const securitySchema = z.strictObject({
  /** The first role is the app owner's (the most privileged). */
  roles: z.array(roleSchema).min(1).max(20),
  /** The role a newly invited member gets when none is chosen; defaults to the last role. */
  defaultRole: identifier.optional(),
  permissions: z.array(permissionSchema),
  rowFilters: z.array(rowFilterSchema).default([]),
  /** The table whose rows are the app's teams: members belong to its rows, by id (`$user.team_ids`). */
  teamTable: identifier.optional(),
});

export const actionSchema = z
  .discriminatedUnion("type", [
    z.strictObject({ type: z.literal("navigate"), label: label.optional(), page: identifier }),
    z.strictObject({ type: z.literal("openModal"), label: label.optional(), modal: identifier }),
    z.strictObject({ type: z.literal("create"), label: label.optional(), modal: identifier.optional() }),
    z.strictObject({ type: z.literal("edit"), label: label.optional(), modal: identifier.optional() }),
    z.strictObject({ type: z.literal("delete"), label: label.optional() }),
  ])
  .meta({ id: "Action" });

const aggregateSchema = z.strictObject({
  fn: z.enum(["count", "sum", "avg", "min", "max"]),
  /** Required for every function but count. */
  column: identifier.optional(),
});

const blockBase = {
  id: identifier,
  title: label.optional(),
  table: identifier,
};

const columnList = z.array(identifier).min(1).max(30);

export const tableBlockSchema = z.strictObject({
  ...blockBase,
  type: z.literal("TABLE"),
  columns: columnList,
  pageSize: z.number().int().min(5).max(100).default(25),
  searchColumns: z.array(identifier).default([]),
  defaultSort: z.strictObject({ column: identifier, direction: z.enum(["asc", "desc"]).default("asc") }).optional(),
  filterColumns: z.array(identifier).default([]),
  filter: filterSchema.optional(),
  rowActions: z.array(actionSchema).default([]),
  toolbarActions: z.array(actionSchema).default([]),
  bulkDelete: z.boolean().default(false),
});

export const formBlockSchema = z.strictObject({
  ...blockBase,
  type: z.literal("FORM"),
  mode: z.enum(["create", "edit"]),
  fields: columnList,
  submitLabel: label.optional(),
  onSuccess: actionSchema.optional(),
});

export const detailBlockSchema = z.strictObject({
  ...blockBase,
  type: z.literal("DETAIL"),
  fields: columnList,
  /** One-to-many lists shown under the record, each over a relationship to this table. */
  related: z
    .array(z.strictObject({ table: identifier, column: identifier, columns: columnList, title: label.optional() }))
    .default([]),
  actions: z.array(actionSchema).default([]),
});

export const statCardBlockSchema = z.strictObject({
  ...blockBase,
  type: z.literal("STAT-CARD"),
  aggregate: aggregateSchema,
  filter: filterSchema.optional(),
  format: z.enum(["number", "currency", "percent"]).default("number"),
});

export const chartBlockSchema = z.strictObject({
  ...blockBase,
  type: z.literal("CHART"),
  chartType: z.enum(["bar", "line", "pie", "area"]),
  groupBy: identifier,
  aggregate: aggregateSchema,
  filter: filterSchema.optional(),
});

export const kanbanBlockSchema = z.strictObject({
  ...blockBase,
  type: z.literal("KANBAN"),
  groupBy: identifier,
  titleColumn: identifier,
  cardColumns: z.array(identifier).default([]),
});

export const calendarBlockSchema = z.strictObject({
  ...blockBase,
  type: z.literal("CALENDAR"),
  dateColumn: identifier,
  endDateColumn: identifier.optional(),
  titleColumn: identifier,
  defaultView: z.enum(["month", "week"]).default("month"),
});

export const timelineBlockSchema = z.strictObject({
  ...blockBase,
  type: z.literal("TIMELINE"),
  timeColumn: identifier,
  titleColumn: identifier,
  descriptionColumn: identifier.optional(),
});

export const chatBlockSchema = z.strictObject({
  ...blockBase,
  type: z.literal("CHAT"),
  /** The column that groups messages into threads (usually a many-to-one to a thread table). */
  threadColumn: identifier.optional(),
  bodyColumn: identifier,
  pollSeconds: z.number().int().min(1).max(60).default(5),
});

export const galleryBlockSchema = z.strictObject({
  ...blockBase,
  type: z.literal("GALLERY"),
  imageColumn: identifier,
  titleColumn: identifier.optional(),
  captionColumn: identifier.optional(),
});

export const treeBlockSchema = z.strictObject({
  ...blockBase,
  type: z.literal("TREE"),
  parentColumn: identifier,
  labelColumn: identifier,
});

export const blockSchema = z.discriminatedUnion("type", [
  tableBlockSchema,
  formBlockSchema,
  detailBlockSchema,
  statCardBlockSchema,
  chartBlockSchema,
  kanbanBlockSchema,
  calendarBlockSchema,
  timelineBlockSchema,
  chatBlockSchema,
  galleryBlockSchema,
  treeBlockSchema,
]);

export const layoutSchema = z.strictObject({
  type: z.enum(["single", "split", "grid", "tabs"]),
  config: z
    .strictObject({
      /** grid: number of columns on wide screens. */
      columns: z.number().int().min(1).max(4).optional(),
      /** tabs: one label per block, in order. */
      tabs: z.array(label).optional(),
      /** split: share of the first pane in percent. */
      ratio: z.number().int().min(20).max(80).optional(),
    })
    .default({}),
});

export const pageSchema = z.strictObject({
  id: identifier,
  /** URL path under the app, e.g. "/deals" or "/deals/:id". */
  route: z
    .string()
    .regex(/^\/([a-z0-9_-]+|:id)?(\/([a-z0-9_-]+|:id))*$/, "a route is a path such as /deals or /deals/:id"),
  title: label,
  icon: z.string().max(40).optional(),
  layout: layoutSchema.default({ type: "single", config: {} }),
  blocks: z.array(blockSchema).min(1).max(20),
});

export const navItemSchema = z.strictObject({
  label,
  page: identifier,
  icon: z.string().max(40).optional(),
});

export const modalSchema = z.strictObject({
  id: identifier,
  title: label,
  size: z.enum(["sm", "md", "lg", "xl"]).default("md"),
  blocks: z.array(blockSchema).min(1).max(10),
});

export const appSchema = z.strictObject({
  name: z.string().min(1).max(80),
  slug: z
    .string()
    .regex(/^[a-z][a-z0-9-]{1,47}$/, "a slug is 2–48 lowercase letters, digits and dashes, starting with a letter"),
  description: z.string().max(2000).default(""),
  theme: z
    .strictObject({
      primaryColor: z
        .string()
        .regex(/^#[0-9a-fA-F]{6}$/, "primaryColor is a hex colour such as #2563eb")
        .default("#2563eb"),
      mode: z.enum(["light", "dark"]).default("light"),
    })
    .default({ primaryColor: "#2563eb", mode: "light" }),
  /** BCP 47 tag ("es-ES", "de-DE"): how numbers, money and dates are typed and shown, and the runtime's language. */
  locale: z.string().min(2).max(35).default("en-US"),
  /** ISO 4217 code ("EUR"): the symbol money columns show. */
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, "currency is an ISO 4217 code of three capital letters, such as EUR")
    .default("USD"),
});

export const blueprintSchema = z.strictObject({
  version: z.literal(2),
  app: appSchema,
  data: z.strictObject({
    tables: z.array(tableSchema).min(1).max(60),
    relationships: z.array(relationshipSchema).default([]),
  }),
  security: securitySchema,
  ui: z.strictObject({
    navigation: z.array(navItemSchema).default([]),
    pages: z.array(pageSchema).min(1).max(60),
    modals: z.array(modalSchema).default([]),
  }),
});

/** A blueprint after parsing: every default filled in. */
export type BlueprintV2 = z.output<typeof blueprintSchema>;
/** A blueprint as written: defaults may be left out. */
export type BlueprintV2Input = z.input<typeof blueprintSchema>;
export type Table = BlueprintV2["data"]["tables"][number];
export type Column = Table["columns"][number];
export type ColumnType = (typeof COLUMN_TYPES)[number];
export type ColumnFormat = (typeof COLUMN_FORMATS)[number];
export type Relationship = BlueprintV2["data"]["relationships"][number];
export type Role = BlueprintV2["security"]["roles"][number];
export type Permission = BlueprintV2["security"]["permissions"][number];
export type PermissionAction = keyof Permission["actions"];
export type RowFilter = BlueprintV2["security"]["rowFilters"][number];
export type ScopedAction = keyof NonNullable<Permission["scopes"]>;
export type Page = BlueprintV2["ui"]["pages"][number];
export type Modal = BlueprintV2["ui"]["modals"][number];
export type NavItem = BlueprintV2["ui"]["navigation"][number];
export type Block = z.output<typeof blockSchema>;
export type BlockType = Block["type"];
export type BlockAction = z.output<typeof actionSchema>;
export type Aggregate = z.output<typeof aggregateSchema>;
