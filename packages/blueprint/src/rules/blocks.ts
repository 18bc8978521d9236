/**
 * Each block against the table it shows: the columns it names exist and have the
 * type its job needs (a board groups by an enum, a calendar places by a date, …),
 * and its actions lead somewhere that works.
 */
import type { Aggregate, Block, BlockAction } from "../schema.js";
import { checkFilter } from "./filters.js";
import { type BlueprintModel, type ColumnInfo, isNumeric, isTemporal, listNames, type Problems } from "./model.js";

export interface BlockContext {
  /** Whether the block is shown for one record (a page route with :id, or a modal). */
  hasRecord: boolean;
  /** Whether the block sits on a page (as opposed to a modal). */
  onPage: boolean;
  /** Modals that a "create" action opens: their forms create records. */
  createModals: ReadonlySet<string>;
  modalId?: string;
}

type ColumnRule = (column: ColumnInfo) => { code: string; message: string; hint: string } | null;

class BlockChecker {
  constructor(
    private readonly model: BlueprintModel,
    private readonly block: Block,
    private readonly path: string,
    private readonly out: Problems,
  ) {}

  private get name(): string {
    return `Block "${this.block.id}"`;
  }

  /** Resolves `column` of the block's table at `key`, applying `rule` when it exists. */
  column(key: string, column: string | undefined, purpose: string, rule?: ColumnRule): ColumnInfo | undefined {
    if (column === undefined) return undefined;
    const table = this.block.table;
    const info = this.model.column(table, column);
    if (!info) {
      this.out.add(
        `${this.path}/${key}`,
        "unknown_column",
        `${this.name} ${purpose} "${column}", but table "${table}" has no such column.`,
        `Use one of its columns: ${this.model.columnNames(table)}, or add the column to "${table}".`,
      );
      return undefined;
    }
    const problem = rule?.(info);
    if (problem) this.out.add(`${this.path}/${key}`, problem.code, problem.message, problem.hint);
    return info;
  }

  columns(key: string, columns: readonly string[], purpose: string, rule?: ColumnRule): void {
    columns.forEach((c, i) => {
      this.column(`${key}/${i}`, c, purpose, rule);
    });
  }

  aggregate(aggregate: Aggregate): void {
    const { fn, column } = aggregate;
    if (column === undefined) {
      if (fn !== "count") {
        this.out.add(
          `${this.path}/aggregate`,
          "aggregate_column_missing",
          `${this.name} computes the ${fn} of nothing: "${fn}" needs a column.`,
          `Add "column" with a number column of "${this.block.table}", or use "count".`,
        );
      }
      return;
    }
    this.column("aggregate/column", column, `computes the ${fn} of`, (c) => {
      const fits = fn === "count" || isNumeric(c.type) || ((fn === "min" || fn === "max") && isTemporal(c.type));
      if (fits) return null;
      return {
        code: "aggregate_column_not_numeric",
        message: `${this.name} computes the ${fn} of "${c.name}", a ${c.type} column; only numbers${fn === "min" || fn === "max" ? " and dates" : ""} can be ${fn === "sum" ? "summed" : fn === "avg" ? "averaged" : "compared"}.`,
        hint: `Use an int or float column, or "count".`,
      };
    });
  }

  filter(): void {
    if ("filter" in this.block && this.block.filter) {
      checkFilter(this.model, this.block.table, this.block.filter, `${this.path}/filter`, this.out);
    }
  }
}

const mustBeTemporal =
  (name: string, purpose: string): ColumnRule =>
  (c) =>
    isTemporal(c.type)
      ? null
      : {
          code: "column_not_temporal",
          message: `${name} ${purpose} "${c.name}", a ${c.type} column; it needs a date or timestamptz column.`,
          hint: "Choose a date or timestamptz column of the table, or add one.",
        };

const mustBeText =
  (name: string, purpose: string, code: string): ColumnRule =>
  (c) =>
    c.type === "text"
      ? null
      : {
          code,
          message: `${name} ${purpose} "${c.name}", a ${c.type} column; it needs a text column.`,
          hint: "Choose a text column of the table.",
        };

export function checkBlock(
  model: BlueprintModel,
  block: Block,
  path: string,
  context: BlockContext,
  out: Problems,
): void {
  if (!model.tables.has(block.table)) {
    out.add(
      `${path}/table`,
      "unknown_table",
      `Block "${block.id}" shows a table "${block.table}" that does not exist.`,
      `Use one of the tables ${listNames([...model.tables.keys()])}, or add the table.`,
    );
    return;
  }
  const check = new BlockChecker(model, block, path, out);
  const name = `Block "${block.id}"`;
  const actions = (key: string, list: readonly BlockAction[], hasRecord: boolean) =>
    list.forEach((a, i) => {
      checkAction(model, block, a, `${path}/${key}/${i}`, hasRecord, out);
    });
  check.filter();

  switch (block.type) {
    case "TABLE":
      check.columns("columns", block.columns, "shows column");
      check.columns(
        "searchColumns",
        block.searchColumns,
        "searches",
        mustBeText(name, "searches", "search_column_not_text"),
      );
      check.columns("filterColumns", block.filterColumns, "offers a filter on");
      check.column("defaultSort/column", block.defaultSort?.column, "sorts by");
      actions("rowActions", block.rowActions, true);
      actions("toolbarActions", block.toolbarActions, false);
      break;
    case "FORM":
      checkForm(model, block, path, context, check, out);
      if (block.onSuccess) checkAction(model, block, block.onSuccess, `${path}/onSuccess`, true, out);
      break;
    case "DETAIL":
      if (!context.hasRecord) {
        out.add(
          path,
          "detail_needs_record",
          `${name} shows one "${block.table}" record, but its page's route has no ":id" to say which.`,
          `Put the block on a page whose route ends in "/:id" (for example "/${block.table}/:id") and link to it with a navigate row action.`,
        );
      }
      check.columns("fields", block.fields, "shows field");
      block.related.forEach((related, i) => {
        checkRelated(model, block.id, block.table, related, `${path}/related/${i}`, out);
      });
      actions("actions", block.actions, true);
      break;
    case "STAT-CARD":
      check.aggregate(block.aggregate);
      break;
    case "CHART":
      check.column("groupBy", block.groupBy, "groups by");
      check.aggregate(block.aggregate);
      break;
    case "KANBAN":
      check.column("groupBy", block.groupBy, "makes its lanes from", (c) =>
        c.column?.enum
          ? null
          : {
              code: "kanban_needs_enum",
              message: `${name} makes its lanes from "${c.name}", but a board needs a column with a fixed list of values (an enum) to know its lanes.`,
              hint: `Group by a text column with "enum" (for example a status), or give "${c.name}" an "enum".`,
            },
      );
      check.column("titleColumn", block.titleColumn, "titles its cards with");
      check.columns("cardColumns", block.cardColumns, "shows on its cards");
      break;
    case "CALENDAR":
      check.column("dateColumn", block.dateColumn, "places entries by", mustBeTemporal(name, "places entries by"));
      check.column("endDateColumn", block.endDateColumn, "ends entries at", mustBeTemporal(name, "ends entries at"));
      check.column("titleColumn", block.titleColumn, "titles its entries with");
      break;
    case "TIMELINE":
      check.column("timeColumn", block.timeColumn, "orders entries by", mustBeTemporal(name, "orders entries by"));
      check.column("titleColumn", block.titleColumn, "titles its entries with");
      check.column("descriptionColumn", block.descriptionColumn, "describes entries with");
      break;
    case "CHAT":
      checkChat(model, block, path, check, out);
      break;
    case "GALLERY":
      check.column("imageColumn", block.imageColumn, "shows images from", (c) =>
        c.column?.type === "image" || c.column?.format === "image_url"
          ? null
          : {
              code: "gallery_needs_image",
              message: `${name} shows images from "${c.name}", but that column holds neither uploaded images nor image addresses.`,
              hint: `Make "${c.name}" an "image" column (uploaded images) or a text column with "format": "image_url".`,
            },
      );
      check.column("titleColumn", block.titleColumn, "titles its images with");
      check.column("captionColumn", block.captionColumn, "captions its images with");
      break;
    case "TREE":
      checkTree(model, block, path, check, out);
      break;
  }
}

function checkForm(
  model: BlueprintModel,
  block: Extract<Block, { type: "FORM" }>,
  path: string,
  context: BlockContext,
  check: BlockChecker,
  out: Problems,
): void {
  const name = `Form "${block.id}"`;
  check.columns("fields", block.fields, "asks for", (c) =>
    c.system
      ? {
          code: "form_system_column",
          message: `${name} asks for "${c.name}", which Plinth fills in itself and nobody may type.`,
          hint: `Remove "${c.name}" from the form's fields.`,
        }
      : null,
  );
  if (block.mode === "edit" && context.onPage && !context.hasRecord) {
    out.add(
      `${path}/mode`,
      "form_edit_needs_record",
      `${name} edits a "${block.table}" record, but its page's route has no ":id" to say which.`,
      `Use "mode": "create", move the form into a modal opened by an edit action, or give the page a route ending in "/:id".`,
    );
  }
  const creates =
    block.mode === "create" || (context.modalId !== undefined && context.createModals.has(context.modalId));
  if (!creates) return;
  const table = model.tables.get(block.table);
  const missing = (table?.table.columns ?? []).filter(
    (c) => c.required && c.default === undefined && !block.fields.includes(c.name),
  );
  if (missing.length > 0) {
    const names = missing.map((c) => `"${c.name}"`).join(", ");
    out.add(
      `${path}/fields`,
      "form_missing_required",
      `${name} creates "${block.table}" records but does not ask for ${names}, which ${missing.length > 1 ? "are" : "is"} required and ${missing.length > 1 ? "have" : "has"} no default, so saving would always fail.`,
      `Add ${names} to the form's fields, or give ${missing.length > 1 ? "them defaults" : "it a default"}.`,
    );
  }
}

function checkChat(
  model: BlueprintModel,
  block: Extract<Block, { type: "CHAT" }>,
  path: string,
  check: BlockChecker,
  out: Problems,
): void {
  const name = `Block "${block.id}"`;
  check.column(
    "bodyColumn",
    block.bodyColumn,
    "takes message text from",
    mustBeText(name, "takes message text from", "chat_body_not_text"),
  );
  check.column("threadColumn", block.threadColumn, "threads messages by");
  const written = new Set([block.bodyColumn, block.threadColumn]);
  const missing = (model.tables.get(block.table)?.table.columns ?? []).filter(
    (c) => c.required && c.default === undefined && !written.has(c.name),
  );
  if (missing.length > 0) {
    const names = missing.map((c) => `"${c.name}"`).join(", ");
    out.add(
      path,
      "chat_missing_required",
      `${name} posts messages with only a body${block.threadColumn ? " and a thread" : ""}, but "${block.table}" also requires ${names}, so every message would be refused.`,
      `Give ${names} a default or make ${missing.length > 1 ? "them" : "it"} optional.`,
    );
  }
}

function checkTree(
  model: BlueprintModel,
  block: Extract<Block, { type: "TREE" }>,
  path: string,
  check: BlockChecker,
  out: Problems,
): void {
  const name = `Block "${block.id}"`;
  const parent = check.column("parentColumn", block.parentColumn, "nests records by");
  check.column("labelColumn", block.labelColumn, "labels its nodes with");
  if (!parent) return;
  const fk = model.foreignKeyOn(block.table, block.parentColumn);
  if (!fk || fk.parentTable !== block.table) {
    out.add(
      `${path}/parentColumn`,
      "tree_needs_self_reference",
      `${name} nests "${block.table}" records by "${block.parentColumn}", but no relationship makes "${block.parentColumn}" point at another "${block.table}" record.`,
      `Add {"type": "many_to_one", "fromTable": "${block.table}", "fromColumn": "${block.parentColumn}", "toTable": "${block.table}", "toColumn": "id", "onDelete": "set_null"} (with "${block.parentColumn}" a uuid column).`,
    );
  }
  if (parent.column?.required) {
    out.add(
      `${path}/parentColumn`,
      "tree_parent_required",
      `${name} nests by "${block.parentColumn}", but that column is required, so no record could be at the top of the tree.`,
      `Make "${block.table}.${block.parentColumn}" optional.`,
    );
  }
}

function checkRelated(
  model: BlueprintModel,
  blockId: string,
  parentTable: string,
  related: Extract<Block, { type: "DETAIL" }>["related"][number],
  path: string,
  out: Problems,
): void {
  if (!model.tables.has(related.table)) {
    out.add(
      `${path}/table`,
      "unknown_table",
      `Block "${blockId}" lists related records from a table "${related.table}" that does not exist.`,
      `Use one of the tables ${listNames([...model.tables.keys()])}.`,
    );
    return;
  }
  const fk = model.foreignKeyOn(related.table, related.column);
  if (!fk || fk.parentTable !== parentTable) {
    out.add(
      `${path}/column`,
      "related_without_relationship",
      `Block "${blockId}" lists "${related.table}" records whose "${related.column}" points at the shown "${parentTable}" record, but no relationship says "${related.table}.${related.column}" refers to "${parentTable}".`,
      `Add a many_to_one relationship from "${related.table}.${related.column}" to "${parentTable}.id", or name the column of "${related.table}" that refers to "${parentTable}".`,
    );
  }
  related.columns.forEach((c, i) => {
    if (!model.column(related.table, c)) {
      out.add(
        `${path}/columns/${i}`,
        "unknown_column",
        `Block "${blockId}" lists related "${related.table}" records with a column "${c}" that the table does not have.`,
        `Use one of its columns: ${model.columnNames(related.table)}.`,
      );
    }
  });
}

function checkAction(
  model: BlueprintModel,
  block: Block,
  action: BlockAction,
  path: string,
  hasRecord: boolean,
  out: Problems,
): void {
  const what = `The "${action.label ?? action.type}" action of block "${block.id}"`;
  switch (action.type) {
    case "navigate": {
      const page = model.bp.ui.pages.find((p) => p.id === action.page);
      if (!page) {
        out.add(
          `${path}/page`,
          "unknown_page",
          `${what} opens a page "${action.page}" that does not exist.`,
          `Use one of the pages ${listNames([...model.pageIds])}.`,
        );
      } else if (page.route.includes(":id") && !hasRecord) {
        out.add(
          `${path}/page`,
          "navigate_needs_record",
          `${what} opens "${page.route}", which shows one record, but the action is not attached to a record.`,
          "Move the action to the row actions, so it knows which record to open.",
        );
      }
      return;
    }
    case "openModal":
      if (!model.modalIds.has(action.modal)) {
        out.add(
          `${path}/modal`,
          "unknown_modal",
          `${what} opens a modal "${action.modal}" that does not exist.`,
          `Use one of the modals ${listNames([...model.modalIds])}, or add the modal.`,
        );
      }
      return;
    case "create":
    case "edit":
    case "delete": {
      if (action.type !== "create" && !hasRecord) {
        out.add(
          path,
          "record_action_needs_record",
          `${what} would ${action.type} a record, but it is not attached to one.`,
          `Move "${action.type}" to the row actions (or a DETAIL block's actions).`,
        );
      }
      if (action.type === "delete" || action.modal === undefined) return;
      const modal = model.bp.ui.modals.find((m) => m.id === action.modal);
      if (!modal) {
        out.add(
          `${path}/modal`,
          "unknown_modal",
          `${what} opens a modal "${action.modal}" that does not exist.`,
          `Use one of the modals ${listNames([...model.modalIds])}, or add the modal.`,
        );
      } else if (!modal.blocks.some((b) => b.type === "FORM" && b.table === block.table)) {
        out.add(
          `${path}/modal`,
          "action_modal_mismatch",
          `${what} would ${action.type} a "${block.table}" record in modal "${modal.id}", but that modal has no form for "${block.table}".`,
          `Point it at a modal with a FORM on "${block.table}", or use "openModal" if the modal does something else.`,
        );
      }
      return;
    }
  }
}
