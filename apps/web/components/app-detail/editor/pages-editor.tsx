"use client";

import { removeBlock, removePage } from "@plinth/generate/edits";
import { ArrowDownIcon, ArrowUpIcon, PlusIcon, Trash2Icon } from "lucide-react";
import { useId } from "react";
import { useForm } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/native-select";
import { type Blueprint, type Edit, label } from "./types";

type Page = Blueprint["ui"]["pages"][number];
type Block = Page["blocks"][number];

const move = <T,>(list: T[], index: number, by: number) => {
  const next = [...list];
  const [item] = next.splice(index, 1);
  if (item !== undefined) next.splice(Math.max(0, Math.min(next.length, index + by)), 0, item);
  return next;
};

/** Pages and their blocks: reorder the menu and the blocks, remove them, choose a list's columns, add a page. */
export function PagesEditor({ draft, edit }: { draft: Blueprint; edit: Edit }) {
  const inMenu = draft.ui.navigation.map((n) => n.page);
  const pages = [
    ...inMenu.flatMap((id) => draft.ui.pages.filter((p) => p.id === id)),
    ...draft.ui.pages.filter((p) => !inMenu.includes(p.id)),
  ];
  return (
    <div className="grid gap-4">
      {pages.map((page) => {
        const menuIndex = draft.ui.navigation.findIndex((n) => n.page === page.id);
        return (
          <section key={page.id} aria-label={`Page ${page.title}`} className="grid gap-2 rounded-lg border p-4">
            <div className="flex flex-wrap items-center gap-2">
              <h4 className="flex-1 font-medium">
                {page.title} <span className="text-muted-foreground font-mono text-xs">{page.route}</span>
              </h4>
              {menuIndex >= 0 && (
                <>
                  <Button
                    type="button"
                    variant="ghost"
                    size="icon"
                    aria-label={`Move ${page.title} up in the menu`}
                    disabled={menuIndex === 0}
                    onClick={() =>
                      edit((bp) => {
                        bp.ui.navigation = move(bp.ui.navigation, menuIndex, -1);
                      })
                    }
                  >
                    <ArrowUpIcon aria-hidden="true" />
                  </Button>
                  <Button
                    type="button"
                    variant="ghost"
                    size="icon"
                    aria-label={`Move ${page.title} down in the menu`}
                    disabled={menuIndex === draft.ui.navigation.length - 1}
                    onClick={() =>
                      edit((bp) => {
                        bp.ui.navigation = move(bp.ui.navigation, menuIndex, 1);
                      })
                    }
                  >
                    <ArrowDownIcon aria-hidden="true" />
                  </Button>
                </>
              )}
              <Button
                type="button"
                variant="ghost"
                size="icon"
                aria-label={`Remove page ${page.title}`}
                disabled={draft.ui.pages.length === 1}
                onClick={() => edit((bp) => removePage(bp, page.id))}
              >
                <Trash2Icon aria-hidden="true" />
              </Button>
            </div>
            <ol className="grid gap-2">
              {page.blocks.map((block, index) => (
                <BlockRow key={block.id} draft={draft} page={page} block={block} index={index} edit={edit} />
              ))}
            </ol>
          </section>
        );
      })}
      <AddPage draft={draft} edit={edit} />
    </div>
  );
}

function BlockRow({
  draft,
  page,
  block,
  index,
  edit,
}: {
  draft: Blueprint;
  page: Page;
  block: Block;
  index: number;
  edit: Edit;
}) {
  const name = block.title ?? block.id.replaceAll("_", " ");
  const table = draft.data.tables.find((t) => t.name === block.table);
  const onPage = (fn: (p: Page) => void) =>
    edit((bp) => {
      const p = bp.ui.pages.find((x) => x.id === page.id);
      if (p) fn(p);
    });
  return (
    <li className="grid gap-2 rounded-md border p-2 text-sm">
      <div className="flex flex-wrap items-center gap-2">
        <span className="flex-1">
          {name}{" "}
          <span className="text-muted-foreground">
            ({block.type.toLowerCase()} of {table ? label(table) : block.table})
          </span>
        </span>
        <Button
          type="button"
          variant="ghost"
          size="icon"
          aria-label={`Move ${name} up`}
          disabled={index === 0}
          onClick={() =>
            onPage((p) => {
              p.blocks = move(p.blocks, index, -1);
              if (p.layout.type === "tabs" && p.layout.config.tabs)
                p.layout.config.tabs = move(p.layout.config.tabs, index, -1);
            })
          }
        >
          <ArrowUpIcon aria-hidden="true" />
        </Button>
        <Button
          type="button"
          variant="ghost"
          size="icon"
          aria-label={`Remove ${name} from ${page.title}`}
          onClick={() => edit((bp) => removeBlock(bp, page.id, block.id))}
        >
          <Trash2Icon aria-hidden="true" />
        </Button>
      </div>
      {block.type === "TABLE" && table && (
        <fieldset className="flex flex-wrap gap-3">
          <legend className="text-muted-foreground text-xs">Columns shown</legend>
          {table.columns.map((c) => (
            <label key={c.name} className="flex items-center gap-1">
              <input
                type="checkbox"
                aria-label={`Show ${c.name} in ${name}`}
                checked={block.columns.includes(c.name)}
                disabled={block.columns.length === 1 && block.columns.includes(c.name)}
                onChange={(e) =>
                  onPage((p) => {
                    const b = p.blocks[index];
                    if (b?.type !== "TABLE") return;
                    b.columns = e.target.checked ? [...b.columns, c.name] : b.columns.filter((x) => x !== c.name);
                  })
                }
              />
              {label(c)}
            </label>
          ))}
        </fieldset>
      )}
    </li>
  );
}

interface NewPage {
  kind: "TABLE" | "KANBAN" | "CHART";
  table: string;
  groupBy: string;
}

function AddPage({ draft, edit }: { draft: Blueprint; edit: Edit }) {
  const id = useId();
  const form = useForm<NewPage>({
    defaultValues: { kind: "TABLE", table: draft.data.tables[0]?.name ?? "", groupBy: "" },
  });
  const kind = form.watch("kind");
  const table = draft.data.tables.find((t) => t.name === form.watch("table"));
  const groupable = (table?.columns ?? []).filter((c) => (kind === "KANBAN" ? c.enum : true));
  const submit = form.handleSubmit((values) => {
    const t = draft.data.tables.find((x) => x.name === values.table);
    if (!t) return;
    const by = values.groupBy || groupable[0]?.name;
    if (values.kind !== "TABLE" && !by)
      return form.setError("groupBy", { message: "This table has no field with choices to group by." });
    const taken = new Set([
      ...draft.ui.pages.map((p) => p.id),
      ...draft.ui.pages.flatMap((p) => p.blocks.map((b) => b.id)),
    ]);
    let base =
      `${t.name}_${values.kind === "TABLE" ? "list" : values.kind === "KANBAN" ? `by_${by}_board` : `by_${by}_chart`}`.slice(
        0,
        50,
      );
    for (let i = 2; taken.has(base); i++) base = `${base.slice(0, 46)}_${i}`;
    const title = `${label(t)}${values.kind === "TABLE" ? "" : ` by ${by?.replaceAll("_", " ")}`}`.slice(0, 80);
    const titleColumn = t.columns.find((c) => c.type === "text" && !c.enum)?.name ?? t.columns[0]?.name ?? "id";
    const block: Block =
      values.kind === "TABLE"
        ? {
            id: base,
            type: "TABLE",
            title,
            table: t.name,
            columns: t.columns.slice(0, 6).map((c) => c.name),
            pageSize: 25,
            searchColumns: [],
            filterColumns: [],
            rowActions: [],
            toolbarActions: [],
            bulkDelete: false,
          }
        : values.kind === "KANBAN"
          ? { id: base, type: "KANBAN", title, table: t.name, groupBy: by as string, titleColumn, cardColumns: [] }
          : {
              id: base,
              type: "CHART",
              title,
              table: t.name,
              chartType: "bar",
              groupBy: by as string,
              aggregate: { fn: "count" },
            };
    edit((bp) => {
      bp.ui.pages.push({
        id: base,
        route: `/${base.replaceAll("_", "-")}`,
        title,
        layout: { type: "single", config: {} },
        blocks: [block],
      });
      bp.ui.navigation.push({ label: title, page: base });
    });
  });
  return (
    <form
      onSubmit={submit}
      noValidate
      className="grid items-end gap-2 rounded-lg border border-dashed p-4 sm:grid-cols-4"
    >
      <div className="grid gap-1">
        <Label htmlFor={`${id}-kind`}>New page</Label>
        <NativeSelect id={`${id}-kind`} {...form.register("kind")}>
          <option value="TABLE">A list</option>
          <option value="KANBAN">A board</option>
          <option value="CHART">A chart</option>
        </NativeSelect>
      </div>
      <NativeSelect aria-label="Table of the new page" {...form.register("table")}>
        {draft.data.tables.map((t) => (
          <option key={t.name} value={t.name}>
            {label(t)}
          </option>
        ))}
      </NativeSelect>
      <NativeSelect aria-label="Group the new page by" disabled={kind === "TABLE"} {...form.register("groupBy")}>
        {groupable.map((c) => (
          <option key={c.name} value={c.name}>
            {label(c)}
          </option>
        ))}
      </NativeSelect>
      <Button type="submit" variant="outline">
        <PlusIcon aria-hidden="true" />
        Add page
      </Button>
      {form.formState.errors.groupBy && (
        <p className="text-destructive text-sm sm:col-span-4">{form.formState.errors.groupBy.message}</p>
      )}
    </form>
  );
}
