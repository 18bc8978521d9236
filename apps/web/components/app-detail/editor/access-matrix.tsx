"use client";

import {
  accessProblems,
  conditionChoices,
  currentCondition,
  currentScope,
  findPermission,
  grants,
  MATRIX_ACTIONS,
  type MatrixAction,
  rowRules,
  type ScopeChoice,
  scopeChoices,
  scopeWords,
  setAction,
  setColumnWritable,
  setCondition,
  setScope,
  settableColumns,
} from "@plinth/generate/edits";
import { useMemo } from "react";
import { NativeSelect } from "@/components/ui/native-select";
import { type Blueprint, type Edit, label, type Table } from "./types";

const HEADINGS: Record<MatrixAction, string> = { see: "See", create: "Add", update: "Change", delete: "Delete" };

/**
 * Who can do what: roles × tables × see/add/change/delete, the rows each granted action
 * reaches, and the fields a role may not set. Every change is an edit of
 * `@plinth/generate/edits`; what the verifier would refuse is said beside the row.
 */
export function AccessMatrix({ draft, edit }: { draft: Blueprint; edit: Edit }) {
  const problems = useMemo(() => accessProblems(draft), [draft]);
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-sm">
        <caption className="text-muted-foreground mb-2 text-left">
          The first role is the app owner's. Changes here need your confirmation in the preview, with the rows each role
          gains or loses.
        </caption>
        <thead>
          <tr className="border-b text-left">
            <th className="py-2 pr-3">Role</th>
            <th className="py-2 pr-3">Table</th>
            {MATRIX_ACTIONS.map((a) => (
              <th key={a} className="px-2 py-2">
                {HEADINGS[a]}
              </th>
            ))}
            <th className="py-2 pl-3">Can set</th>
          </tr>
        </thead>
        <tbody>
          {draft.security.roles.flatMap((role) =>
            draft.data.tables.map((table) => (
              <AccessRow
                key={`${role.name}.${table.name}`}
                draft={draft}
                role={role}
                table={table}
                problems={problems.filter((p) => p.role === role.name && p.table === table.name).map((p) => p.words)}
                edit={edit}
              />
            )),
          )}
        </tbody>
      </table>
    </div>
  );
}

function AccessRow({
  draft,
  role,
  table,
  problems,
  edit,
}: {
  draft: Blueprint;
  role: Blueprint["security"]["roles"][number];
  table: Table;
  problems: string[];
  edit: Edit;
}) {
  const rules = rowRules(draft, role.name, table.name);
  const writes = grants(draft, role.name, table.name, "create") || grants(draft, role.name, table.name, "update");
  return (
    <>
      <tr className={problems.length ? "align-top" : "border-b align-top last:border-0"}>
        <td className="py-1 pr-3">{label(role)}</td>
        <td className="py-1 pr-3">
          {label(table)}
          {rules.map((rule) => (
            <p key={rule} className="text-muted-foreground text-xs">
              Always: {rule}
            </p>
          ))}
        </td>
        {MATRIX_ACTIONS.map((action) => (
          <td key={action} className="px-2 py-1">
            <ActionCell draft={draft} role={role.name} table={table.name} action={action} edit={edit} />
          </td>
        ))}
        <td className="py-1 pl-3">
          {writes ? <SettableFields draft={draft} role={role.name} table={table} edit={edit} /> : null}
        </td>
      </tr>
      {problems.length > 0 && (
        <tr className="border-b last:border-0">
          <td colSpan={7} className="pb-2">
            <ul
              className="text-destructive list-disc pl-5 text-sm"
              role="alert"
              aria-label={`What is wrong with ${role.name} on ${table.name}`}
            >
              {problems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          </td>
        </tr>
      )}
    </>
  );
}

/** One action: whether the role may do it, on whose rows, and on which condition of theirs ("and Status is open"). */
function ActionCell({
  draft,
  role,
  table,
  action,
  edit,
}: {
  draft: Blueprint;
  role: string;
  table: string;
  action: MatrixAction;
  edit: Edit;
}) {
  const verb = HEADINGS[action].toLowerCase();
  const on = grants(draft, role, table, action);
  const choices = scopeChoices(draft, role, table);
  const current = currentScope(draft, role, table, action);
  const listed = choices.some((c) => c.key === current.key) ? choices : [current, ...choices];
  const conditions = conditionChoices(draft, table);
  const condition = currentCondition(draft, role, table, action);
  return (
    <div className="grid min-w-32 gap-1">
      <input
        type="checkbox"
        className="justify-self-start"
        aria-label={`${role} may ${verb} ${table}`}
        checked={on}
        onChange={(e) => edit((bp) => setAction(bp, role, table, action, e.target.checked))}
      />
      {on && (
        <ScopeSelect
          label={`Which ${table} rows ${role} may ${verb}`}
          // A narrow cell cuts the words short; the whole rule shows on hover.
          title={scopeWords(draft, role, table, action)}
          choices={listed}
          current={current.key}
          pick={(scope) => edit((bp) => setScope(bp, role, table, action, scope))}
        />
      )}
      {on && condition && conditions.length > 1 && (
        <ScopeSelect
          label={`Only the ${table} rows ${role} may ${verb} where`}
          title={condition.words}
          choices={conditions}
          current={condition.key}
          pick={(scope) => edit((bp) => setCondition(bp, role, table, action, scope))}
        />
      )}
    </div>
  );
}

/** A choice among scopes in the founder's words; the cell's two (whose rows, which condition) look and act alike. */
function ScopeSelect({
  label,
  title,
  choices,
  current,
  pick,
}: {
  label: string;
  title: string;
  choices: ScopeChoice[];
  current: string;
  pick: (scope: ScopeChoice["scope"]) => void;
}) {
  return (
    <NativeSelect
      aria-label={label}
      title={title}
      value={current}
      onChange={(e) => {
        const picked = choices.find((c) => c.key === e.target.value);
        if (picked) pick(picked.scope);
      }}
    >
      {choices.map((c) => (
        <option key={c.key} value={c.key}>
          {c.words}
        </option>
      ))}
    </NativeSelect>
  );
}

/** The fields a role may set when it adds or changes rows; unticking one makes it read-only for the role. */
function SettableFields({ draft, role, table, edit }: { draft: Blueprint; role: string; table: Table; edit: Edit }) {
  const locked = findPermission(draft, role, table.name)?.readOnlyColumns ?? [];
  const columns = settableColumns(draft, table.name);
  const name = (column: string) => label(table.columns.find((c) => c.name === column) ?? { name: column });
  return (
    <details>
      <summary className="cursor-pointer">
        {locked.length ? `All but ${locked.map(name).join(", ")}` : "Every field"}
      </summary>
      <fieldset className="grid gap-1 pt-1">
        <legend className="sr-only">
          Fields {role} may set in {label(table)}
        </legend>
        {columns.map((column) => (
          <label key={column} className="flex items-center gap-1">
            <input
              type="checkbox"
              aria-label={`${role} may set ${table.name}.${column}`}
              checked={!locked.includes(column)}
              onChange={(e) => edit((bp) => setColumnWritable(bp, role, table.name, column, e.target.checked))}
            />
            {name(column)}
          </label>
        ))}
      </fieldset>
    </details>
  );
}
