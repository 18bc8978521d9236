"use client";

import type { Filter } from "@plinth/blueprint";
import { NativeSelect } from "@/components/ui/native-select";
import { type Blueprint, type Edit, label, type Table } from "./types";

type Action = "list" | "read" | "create" | "update" | "delete";
const COLUMNS: { action: "see" | Exclude<Action, "list" | "read">; words: string }[] = [
  { action: "see", words: "See" },
  { action: "create", words: "Add" },
  { action: "update", words: "Change" },
  { action: "delete", words: "Delete" },
];
const NONE = { list: false, read: false, create: false, update: false, delete: false };

/** The row rules a founder picks from for a role and table: every row, rows that are theirs, their team's. */
function rowChoices(table: Table): { value: string; words: string; filter: Filter | null }[] {
  const people = [
    { name: "created_by", words: "they created" },
    ...table.columns
      .filter((c) => (c.type === "uuid" || c.type === "user") && !/^team/.test(c.name))
      .map((c) => ({ name: c.name, words: `where ${label(c)} is them` })),
  ];
  const teams = table.columns.filter((c) => /^team/.test(c.name) && (c.type === "uuid" || c.type === "text"));
  return [
    { value: "all", words: "Every row", filter: null },
    ...people.map((p) => ({
      value: `person:${p.name}`,
      words: `Only rows ${p.words}`,
      filter: { equals: [p.name, "$user.id"] } as Filter,
    })),
    ...teams.map((c) => ({
      value: `team:${c.name}`,
      words: `Only their team's rows (${label(c)})`,
      filter: { in: [c.name, "$user.team_ids"] } as Filter,
    })),
  ];
}

/** Who can do what: roles × tables × see/add/change/delete, and which rows each role sees. */
export function AccessMatrix({ draft, edit }: { draft: Blueprint; edit: Edit }) {
  const permissionOf = (bp: Blueprint, role: string, table: string) => {
    let p = bp.security.permissions.find((x) => x.role === role && x.resource === table);
    if (!p) {
      p = { role, resource: table, actions: { ...NONE } };
      bp.security.permissions.push(p);
    }
    return p;
  };
  const toggle = (role: string, table: string, action: (typeof COLUMNS)[number]["action"], on: boolean) =>
    edit((bp) => {
      const p = permissionOf(bp, role, table);
      if (action === "see") {
        // Not seeing a table means nothing else on it either.
        p.actions = on ? { ...p.actions, list: true, read: true } : { ...NONE };
        if (!on) {
          delete p.scopes;
          delete p.readOnlyColumns;
        }
        return;
      }
      p.actions[action] = on;
      // A scope or column rule for an action no longer granted means nothing (the verifier refuses it).
      if (!on && p.scopes) {
        delete p.scopes[action];
        if (Object.keys(p.scopes).length === 0) delete p.scopes;
      }
      if (!p.actions.create && !p.actions.update) delete p.readOnlyColumns;
      // Changing or deleting a row needs seeing it.
      if (on && action !== "create") p.actions = { ...p.actions, list: true, read: true };
    });
  const setRows = (role: string, table: Table, value: string) =>
    edit((bp) => {
      bp.security.rowFilters = bp.security.rowFilters.filter((f) => !(f.role === role && f.resource === table.name));
      const choice = rowChoices(table).find((c) => c.value === value);
      if (choice?.filter) bp.security.rowFilters.push({ role, resource: table.name, filter: choice.filter });
    });

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
            {COLUMNS.map((c) => (
              <th key={c.action} className="px-2 py-2 text-center">
                {c.words}
              </th>
            ))}
            <th className="py-2 pl-3">Which rows</th>
          </tr>
        </thead>
        <tbody>
          {draft.security.roles.flatMap((role) =>
            draft.data.tables.map((table) => {
              const p = draft.security.permissions.find((x) => x.role === role.name && x.resource === table.name);
              const filters = draft.security.rowFilters.filter(
                (f) => f.role === role.name && f.resource === table.name,
              );
              const choices = rowChoices(table);
              const current =
                filters.length === 0
                  ? "all"
                  : (filters.length === 1 &&
                      choices.find((c) => JSON.stringify(c.filter) === JSON.stringify(filters[0]?.filter))?.value) ||
                    "custom";
              return (
                <tr key={`${role.name}.${table.name}`} className="border-b last:border-0">
                  <td className="py-1 pr-3">{label(role)}</td>
                  <td className="py-1 pr-3">{label(table)}</td>
                  {COLUMNS.map((c) => {
                    const on = c.action === "see" ? Boolean(p?.actions.read) : Boolean(p?.actions[c.action]);
                    return (
                      <td key={c.action} className="px-2 py-1 text-center">
                        <input
                          type="checkbox"
                          aria-label={`${role.name} may ${c.words.toLowerCase()} ${table.name}`}
                          checked={on}
                          onChange={(e) => toggle(role.name, table.name, c.action, e.target.checked)}
                        />
                      </td>
                    );
                  })}
                  <td className="py-1 pl-3">
                    <NativeSelect
                      aria-label={`Which ${table.name} rows ${role.name} sees`}
                      value={current}
                      disabled={!p?.actions.read}
                      onChange={(e) => setRows(role.name, table, e.target.value)}
                    >
                      {current === "custom" && <option value="custom">As set now (a custom rule)</option>}
                      {choices.map((c) => (
                        <option key={c.value} value={c.value}>
                          {c.words}
                        </option>
                      ))}
                    </NativeSelect>
                  </td>
                </tr>
              );
            }),
          )}
        </tbody>
      </table>
    </div>
  );
}
