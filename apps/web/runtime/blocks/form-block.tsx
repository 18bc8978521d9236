"use client";
/**
 * FORM: create or edit one record. Inputs follow the columns, rules are checked as the
 * user submits, and a refusal by the database is shown against the field it is about.
 * Columns the role may not set are shown read-only and never sent; a record outside the
 * role's write scope is shown with the reason instead of a form; a refused write is
 * explained from the blueprint (who may do it) rather than in SQL.
 */
import type { Block } from "@plinth/blueprint";
import { type HttpError, useCan, useCreate, useOne, useUpdate } from "@refinedev/core";
import { useEffect, useId, useMemo, useState } from "react";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Label } from "@/components/ui/label";
import { BlockError, BlockLoading } from "../components/block-states";
import { useOpenModal } from "../components/modal-context";
import { useAppLocale, useRecordScope, useRuntime } from "../components/runtime-context";
import { useUnsavedChanges } from "../components/unsaved-changes";
import { describeRefusal, readOnlyColumns, readOnlyReason } from "../config/access";
import { type FormValues, initialValue, toInputValue, toPayload, validateValue } from "../config/form-values";
import { columnLabel, findColumn, findTable, foreignKeyOf } from "../config/model";
import { can, pagePath } from "../config/refine-config";
import { describeDbError } from "../data/db-errors";
import { FieldInput } from "./field-input";

type FormBlock = Extract<Block, { type: "FORM" }>;

export function FormBlockView({ block }: { block: FormBlock }) {
  const scope = useRecordScope();
  // A "create" action may open a modal whose form was written for editing: it then creates.
  const mode = scope.intent ?? block.mode;
  const { data: allowed, isLoading } = useCan({
    resource: block.table,
    action: mode === "create" ? "create" : "edit",
  });
  if (isLoading) return <BlockLoading rows={2} />;
  if (!allowed?.can)
    return (
      <p className="text-muted-foreground text-sm">
        Your role cannot {mode === "create" ? "add" : "change"} these records.
      </p>
    );
  if (mode === "edit") {
    if (!scope.id) return <p className="text-muted-foreground text-sm">Choose a record to edit.</p>;
    return <EditForm block={block} id={scope.id} />;
  }
  return <RecordForm block={block} initial={undefined} />;
}

function EditForm({ block, id }: { block: FormBlock; id: string }) {
  const { blueprint, user } = useRuntime();
  const { result, query } = useOne({ resource: block.table, id });
  if (query.isLoading) return <BlockLoading rows={block.fields.length} />;
  if (query.isError) return <BlockError error={query.error} onRetry={() => query.refetch()} />;
  if (!result)
    return <p className="text-muted-foreground text-sm">This record does not exist or you may not see it.</p>;
  if (!can(blueprint, user.role, block.table, "edit", { row: result, user }))
    return (
      <p className="text-muted-foreground text-sm">
        You can see this record but not change it. {describeRefusal(blueprint, user.role, block.table, "update")}
      </p>
    );
  return <RecordForm key={id} block={block} initial={result} />;
}

function RecordForm({ block, initial }: { block: FormBlock; initial: Record<string, unknown> | undefined }) {
  const { blueprint, basePath, navigate, user } = useRuntime();
  const scope = useRecordScope();
  const locale = useAppLocale();
  const openModal = useOpenModal();
  const formId = useId();
  const table = findTable(blueprint, block.table);
  const command = initial ? "update" : "insert";
  const columns = useMemo(() => block.fields.flatMap((name) => findColumn(table, name) ?? []), [block.fields, table]);
  const locked = useMemo(
    () => new Set(readOnlyColumns(blueprint, user.role, block.table)),
    [blueprint, user.role, block.table],
  );
  // What is sent: the database grants no write on a read-only column, even of its unchanged value.
  const writable = useMemo(() => columns.filter((c) => !locked.has(c.name)), [columns, locked]);
  const startValues = () =>
    Object.fromEntries(columns.map((c) => [c.name, initialValue(c, scope.defaults?.[c.name], locale, user.id)]));
  const [values, setValues] = useState<FormValues>(() =>
    initial
      ? Object.fromEntries(columns.map((c) => [c.name, toInputValue(c, initial[c.name], locale)]))
      : startValues(),
  );
  // What was last loaded or saved: the form holds unsaved work while its values differ.
  const [baseline, setBaseline] = useState(values);
  useUnsavedChanges(columns.some((c) => values[c.name] !== baseline[c.name]));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string>();
  const { mutateAsync: create, mutation: creation } = useCreate();
  const { mutateAsync: update, mutation: updating } = useUpdate();
  const pending = creation.isPending || updating.isPending;

  useEffect(() => {
    const first = Object.keys(errors)[0];
    if (first) document.getElementById(`${formId}-${first}`)?.focus();
  }, [errors, formId]);

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    setFormError(undefined);
    const found: Record<string, string> = {};
    for (const column of writable) {
      const problem = validateValue(column, values[column.name] ?? "", columnLabel(table, column.name), locale);
      if (problem) found[column.name] = problem;
    }
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    const mode = initial ? "edit" : "create";
    const payload = toPayload(writable, values, mode, locale);
    for (const [key, value] of Object.entries(scope.defaults ?? {}))
      if (!(key in payload) && !locked.has(key) && mode === "create") payload[key] = value;
    try {
      const saved = initial
        ? await update({
            resource: block.table,
            id: String(initial.id),
            values: payload,
            successNotification: () => ({ type: "success", message: "Saved." }),
            errorNotification: false,
          })
        : await create({
            resource: block.table,
            values: payload,
            successNotification: () => ({ type: "success", message: "Created." }),
            errorNotification: false,
          });
      const after = initial ? values : startValues();
      setValues(after);
      setBaseline(after);
      scope.onDone?.();
      const next = block.onSuccess;
      const savedId = saved.data?.id === undefined ? undefined : String(saved.data.id);
      if (next?.type === "navigate") {
        const page = blueprint.ui.pages.find((p) => p.id === next.page);
        if (page) navigate(pagePath(basePath, page, page.route.includes(":id") ? savedId : undefined));
      } else if (next?.type === "openModal") {
        openModal({ modalId: next.modal, scope: { id: savedId } });
      }
    } catch (error) {
      const refusal = describeRefusal(blueprint, user.role, block.table, command, Object.keys(payload));
      const described = describeDbError(error as HttpError, block.fields, refusal);
      if (described.field) setErrors({ [described.field]: described.message });
      else setFormError(described.message);
    }
  }

  return (
    <form
      noValidate
      onSubmit={submit}
      className="grid gap-4"
      aria-label={block.title ?? `${initial ? "Edit" : "New"} ${table?.label ?? block.table}`}
    >
      {formError && (
        <Alert variant="destructive">
          <AlertDescription>{formError}</AlertDescription>
        </Alert>
      )}
      {columns.map((column) => {
        const id = `${formId}-${column.name}`;
        const error = errors[column.name];
        const label = columnLabel(table, column.name);
        const lockedWhy = locked.has(column.name) ? readOnlyReason(blueprint, block.table, column.name, command) : "";
        const hint = lockedWhy || column.description;
        const field = (
          <FieldInput
            id={id}
            column={column}
            value={values[column.name] ?? ""}
            onChange={(value) => {
              setValues((v) => ({ ...v, [column.name]: value }));
              if (errors[column.name]) setErrors(({ [column.name]: _, ...rest }) => rest);
            }}
            invalid={Boolean(error)}
            describedBy={error ? `${id}-error` : hint ? `${id}-hint` : undefined}
            foreignKey={foreignKeyOf(blueprint, block.table, column.name)}
          />
        );
        // A disabled fieldset disables every control of the field (a lookup's search box too).
        const input = lockedWhy ? (
          <fieldset disabled className="contents">
            {field}
          </fieldset>
        ) : (
          field
        );
        return (
          <div key={column.name} className={column.type === "bool" ? "flex items-center gap-3" : "grid gap-1.5"}>
            {column.type === "bool" ? (
              <>
                {input}
                <Label htmlFor={id}>{label}</Label>
              </>
            ) : (
              <>
                <Label htmlFor={id}>
                  {label}
                  {column.required && (
                    <span className="text-destructive" aria-hidden="true">
                      *
                    </span>
                  )}
                </Label>
                {input}
              </>
            )}
            {hint && !error && (
              <p id={`${id}-hint`} className="text-muted-foreground text-xs">
                {hint}
              </p>
            )}
            {error && (
              <p id={`${id}-error`} className="text-destructive text-sm" role="alert">
                {error}
              </p>
            )}
          </div>
        );
      })}
      <div className="flex gap-2">
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : (block.submitLabel ?? (initial ? "Save" : "Create"))}
        </Button>
      </div>
    </form>
  );
}
