"use client";

import { addPage, groupableColumns, type NewPageKind, removeBlock, removePage } from "@plinth/generate/edits";
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
  const moveInMenu = (index: number, by: number) =>
    edit((bp) => {
      bp.ui.navigation = move(bp.ui.navigation, index, by);
    });
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
                  <MoveButton
                    up
                    name={`Move ${page.title} up in the menu`}
                    disabled={menuIndex === 0}
                    onMove={() => moveInMenu(menuIndex, -1)}
                  />
                  <MoveButton
                    name={`Move ${page.title} down in the menu`}
                    disabled={menuIndex === draft.ui.navigation.length - 1}
                    onMove={() => moveInMenu(menuIndex, 1)}
                  />
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

function MoveButton({
  up = false,
  name,
  disabled,
  onMove,
}: {
  up?: boolean;
  name: string;
  disabled: boolean;
  onMove: () => void;
}) {
  return (
    <Button type="button" variant="ghost" size="icon" aria-label={name} disabled={disabled} onClick={onMove}>
      {up ? <ArrowUpIcon aria-hidden="true" /> : <ArrowDownIcon aria-hidden="true" />}
    </Button>
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
        <MoveButton
          up
          name={`Move ${name} up`}
          disabled={index === 0}
          onMove={() =>
            onPage((p) => {
              p.blocks = move(p.blocks, index, -1);
              if (p.layout.type === "tabs" && p.layout.config.tabs)
                p.layout.config.tabs = move(p.layout.config.tabs, index, -1);
            })
          }
        />
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

function AddPage({ draft, edit }: { draft: Blueprint; edit: Edit }) {
  const id = useId();
  const form = useForm<{ kind: NewPageKind; table: string; groupBy: string }>({
    defaultValues: { kind: "TABLE", table: draft.data.tables[0]?.name ?? "", groupBy: "" },
  });
  const kind = form.watch("kind");
  const table = draft.data.tables.find((t) => t.name === form.watch("table"));
  const groupable = table ? groupableColumns(table, kind) : [];
  const submit = form.handleSubmit((values) => {
    // A dry run on a copy: the draft itself changes only through `edit`.
    const refused = addPage(structuredClone(draft), values.kind, values.table, values.groupBy);
    if (refused) return form.setError("groupBy", { message: refused });
    edit((bp) => addPage(bp, values.kind, values.table, values.groupBy));
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
        {groupable.map((name) => (
          <option key={name} value={name}>
            {label(table?.columns.find((c) => c.name === name) ?? { name })}
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
