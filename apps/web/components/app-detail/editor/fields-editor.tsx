"use client";

import { removeColumn, safeIdentifier, setChoices, showInBlocks } from "@plinth/generate/edits";
import { PlusIcon, Trash2Icon } from "lucide-react";
import { useId, useState } from "react";
import { useForm } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/native-select";
import { type Column, type Edit, label, type Table, TYPE_LABELS } from "./types";

const choiceList = (text: string) => [
  ...new Set(
    text
      .split(",")
      .map((v) => v.trim().replace(/\s+/g, "_"))
      .filter(Boolean),
  ),
];

/** Tables and their fields: label, type, required, unique, choices, min/max; add and remove. */
export function FieldsEditor({ tables, edit }: { tables: Table[]; edit: Edit }) {
  return (
    <div className="grid gap-6">
      {tables.map((table) => (
        <TableFields key={table.name} table={table} edit={edit} />
      ))}
    </div>
  );
}

function TableFields({ table, edit }: { table: Table; edit: Edit }) {
  const [problem, setProblem] = useState<string | null>(null);
  return (
    <section aria-label={`Fields of ${label(table)}`} className="grid gap-3 rounded-lg border p-4">
      <h4 className="font-medium">{label(table)}</h4>
      <div className="grid gap-2">
        {table.columns.map((column) => (
          <FieldRow
            key={column.name}
            table={table.name}
            column={column}
            edit={edit}
            onRemove={() =>
              edit((draft) => {
                const refused = removeColumn(draft, table.name, column.name);
                setProblem(refused);
              })
            }
          />
        ))}
      </div>
      {problem && (
        <p className="text-destructive text-sm" role="alert">
          {problem}
        </p>
      )}
      <AddField table={table} edit={edit} />
    </section>
  );
}

function FieldRow({
  table,
  column,
  edit,
  onRemove,
}: {
  table: string;
  column: Column;
  edit: Edit;
  onRemove: () => void;
}) {
  const key = `${table}.${column.name}`;
  const change = (fn: (c: Column) => void) =>
    edit((draft) => {
      const c = draft.data.tables.find((t) => t.name === table)?.columns.find((x) => x.name === column.name);
      if (c) fn(c);
    });
  const setFlag = (flag: "required" | "unique", on: boolean) =>
    change((c) => {
      c[flag] = on;
    });
  const numeric = column.type === "int" || column.type === "float";
  return (
    <div className="grid items-end gap-2 sm:grid-cols-[2fr_1.4fr_auto_auto_2fr_auto]">
      <Input
        aria-label={`Label of ${key}`}
        defaultValue={label(column)}
        onBlur={(e) =>
          change((c) => {
            c.label = e.target.value.trim() || c.label;
          })
        }
      />
      <NativeSelect
        aria-label={`Type of ${key}`}
        value={column.type}
        onChange={(e) =>
          change((c) => {
            c.type = e.target.value as Column["type"];
            // Rules of the old type do not fit the new one.
            delete c.min;
            delete c.max;
            delete c.format;
            delete c.default;
            if (c.type !== "text") delete c.enum;
          })
        }
      >
        {Object.entries(TYPE_LABELS).map(([value, words]) => (
          <option key={value} value={value}>
            {words}
          </option>
        ))}
      </NativeSelect>
      <Flag name={`${key} required`} words="Required" on={column.required} onChange={(on) => setFlag("required", on)} />
      <Flag name={`${key} unique`} words="Unique" on={column.unique} onChange={(on) => setFlag("unique", on)} />
      {column.type === "text" ? (
        <Input
          aria-label={`Choices of ${key}`}
          placeholder="Choices, comma-separated (optional)"
          defaultValue={(column.enum ?? []).join(", ")}
          onBlur={(e) => {
            const next = choiceList(e.target.value);
            if (next.join(",") !== (column.enum ?? []).join(","))
              edit((draft) => setChoices(draft, table, column.name, next.length ? next : undefined));
          }}
        />
      ) : numeric ? (
        <div className="flex gap-2">
          <Bound bound="min" of={key} value={column.min} change={change} />
          <Bound bound="max" of={key} value={column.max} change={change} />
        </div>
      ) : (
        <span />
      )}
      <Button type="button" variant="ghost" size="icon" aria-label={`Remove field ${key}`} onClick={onRemove}>
        <Trash2Icon aria-hidden="true" />
      </Button>
    </div>
  );
}

/** A number field's lowest or highest allowed value; left empty, there is none. */
function Bound({
  bound,
  of,
  value,
  change,
}: {
  bound: "min" | "max";
  of: string;
  value: Column["min"];
  change: (fn: (c: Column) => void) => void;
}) {
  return (
    <Input
      aria-label={`${bound === "min" ? "Minimum" : "Maximum"} of ${of}`}
      placeholder={bound === "min" ? "Min" : "Max"}
      type="number"
      defaultValue={value === undefined ? "" : String(value)}
      onBlur={(e) =>
        change((c) => {
          if (e.target.value === "") delete c[bound];
          else c[bound] = Number(e.target.value);
        })
      }
    />
  );
}

function Flag({
  name,
  words,
  on,
  onChange,
}: {
  name: string;
  words: string;
  on: boolean;
  onChange: (on: boolean) => void;
}) {
  return (
    <label className="flex items-center gap-1 text-sm">
      <input type="checkbox" aria-label={name} checked={on} onChange={(e) => onChange(e.target.checked)} />
      {words}
    </label>
  );
}

interface NewField {
  label: string;
  type: string;
  choices: string;
}

function AddField({ table, edit }: { table: Table; edit: Edit }) {
  const id = useId();
  const form = useForm<NewField>({ defaultValues: { label: "", type: "text", choices: "" } });
  const submit = form.handleSubmit((values) => {
    const name = safeIdentifier(values.label, 28);
    if (!name) return form.setError("label", { message: "Use letters or digits for the field's name." });
    if (table.columns.some((c) => c.name === name))
      return form.setError("label", { message: `${label(table)} already has a field called ${name}.` });
    const choices = values.type === "text" ? choiceList(values.choices) : [];
    edit((draft) => {
      draft.data.tables
        .find((t) => t.name === table.name)
        ?.columns.push({
          name,
          label: values.label.trim(),
          type: values.type as Column["type"],
          required: false,
          unique: false,
          indexed: false,
          ...(choices.length ? { enum: choices } : {}),
        });
      showInBlocks(draft, table.name, name);
    });
    form.reset();
  });
  const problem = form.formState.errors.label?.message;
  return (
    <form onSubmit={submit} noValidate className="grid items-end gap-2 border-t pt-3 sm:grid-cols-[2fr_1.4fr_2fr_auto]">
      <div className="grid gap-1">
        <Label htmlFor={`${id}-label`}>New field in {label(table)}</Label>
        <Input id={`${id}-label`} {...form.register("label", { required: "Name the new field." })} />
      </div>
      <NativeSelect aria-label={`Type of the new field in ${label(table)}`} {...form.register("type")}>
        {Object.entries(TYPE_LABELS)
          .filter(([value]) => value !== "uuid")
          .map(([value, words]) => (
            <option key={value} value={value}>
              {words}
            </option>
          ))}
      </NativeSelect>
      <Input
        aria-label={`Choices of the new field in ${label(table)}`}
        placeholder="Choices (optional)"
        {...form.register("choices")}
      />
      <Button type="submit" variant="outline">
        <PlusIcon aria-hidden="true" />
        Add field
      </Button>
      {problem && <p className="text-destructive text-sm sm:col-span-4">{problem}</p>}
    </form>
  );
}
