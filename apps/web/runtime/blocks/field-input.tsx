"use client";
/** The input a column gets in a form, chosen by its type, format, enum and relationship. */
import type { Column } from "@plinth/blueprint";
import { useList, useMany } from "@refinedev/core";
import { useState } from "react";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/native-select";
import { Textarea } from "@/components/ui/textarea";
import { useAppLocale, useRuntime } from "../components/runtime-context";
import type { FormValue } from "../config/form-values";
import { humanizeEnum } from "../config/format";
import { currencyAffix, exampleAmount } from "../config/locale";
import type { ForeignKey } from "../config/model";
import { useMembers } from "../data/use-members";
import { FileInput } from "./file-input";

export interface FieldInputProps {
  id: string;
  column: Column;
  value: FormValue;
  onChange: (value: FormValue) => void;
  invalid: boolean;
  describedBy?: string;
  foreignKey?: ForeignKey;
}

export function FieldInput({ id, column, value, onChange, invalid, describedBy, foreignKey }: FieldInputProps) {
  const { locale, currency } = useAppLocale();
  const common = {
    id,
    "aria-invalid": invalid || undefined,
    "aria-describedby": describedBy,
    "aria-required": column.required || undefined,
  };
  const text = typeof value === "string" ? value : "";
  if (foreignKey)
    return (
      <LookupSelect {...common} foreignKey={foreignKey} value={text} onChange={onChange} required={column.required} />
    );
  if (column.type === "user")
    return <MemberSelect {...common} value={text} onChange={onChange} required={column.required} />;
  if (column.type === "file" || column.type === "image") {
    return <FileInput {...common} column={column} value={value} onChange={onChange} />;
  }
  if (column.type === "bool") {
    return (
      <input
        {...common}
        type="checkbox"
        className="accent-primary size-5"
        checked={value === true}
        onChange={(e) => onChange(e.target.checked)}
      />
    );
  }
  if (column.enum) {
    return (
      <NativeSelect {...common} value={text} onChange={(e) => onChange(e.target.value)}>
        <option value="">{column.required ? "Choose…" : "—"}</option>
        {column.enum.map((option) => (
          <option key={option} value={option}>
            {humanizeEnum(option)}
          </option>
        ))}
      </NativeSelect>
    );
  }
  if (column.format === "markdown" || column.type === "jsonb" || (column.maxLength ?? 0) > 300) {
    return (
      <Textarea
        {...common}
        rows={column.type === "jsonb" ? 6 : 4}
        value={text}
        onChange={(e) => onChange(e.target.value)}
        className={column.type === "jsonb" ? "font-mono" : undefined}
      />
    );
  }
  if (column.type === "int" || column.type === "float") {
    // A text input: a number input would drop or reinterpret the locale's decimal comma.
    const money = column.format === "currency" ? currencyAffix(locale, currency) : undefined;
    const affix = money ?? (column.format === "percent" ? { symbol: "%", before: false } : undefined);
    const input = (
      <Input
        {...common}
        type="text"
        inputMode={column.type === "int" ? "numeric" : "decimal"}
        autoComplete="off"
        placeholder={column.type === "float" ? exampleAmount(locale) : undefined}
        value={text}
        onChange={(e) => onChange(e.target.value)}
        style={affix ? { [affix.before ? "paddingLeft" : "paddingRight"]: `${affix.symbol.length + 2}ch` } : undefined}
      />
    );
    if (!affix) return input;
    return (
      <div className="relative">
        {input}
        <span
          aria-hidden="true"
          className={`text-muted-foreground pointer-events-none absolute top-1/2 -translate-y-1/2 text-sm ${affix.before ? "left-3" : "right-3"}`}
        >
          {affix.symbol}
        </span>
      </div>
    );
  }
  const type =
    column.type === "date"
      ? "date"
      : column.type === "timestamptz"
        ? "datetime-local"
        : column.format === "email"
          ? "email"
          : column.format === "url" || column.format === "image_url"
            ? "url"
            : column.format === "phone"
              ? "tel"
              : "text";
  if (column.format === "color") {
    return (
      <div className="flex items-center gap-2">
        <input
          type="color"
          aria-label="Pick a colour"
          className="h-9 w-12 rounded border"
          value={/^#[0-9a-fA-F]{6}$/.test(text) ? text : "#000000"}
          onChange={(e) => onChange(e.target.value)}
        />
        <Input {...common} value={text} placeholder="#2563eb" onChange={(e) => onChange(e.target.value)} />
      </div>
    );
  }
  return (
    <Input
      {...common}
      type={type}
      maxLength={column.maxLength}
      value={text}
      placeholder={column.format === "url" || column.format === "image_url" ? "https://" : undefined}
      onChange={(e) => onChange(e.target.value)}
    />
  );
}

/** A select over the related table's rows, narrowed by a search box (first 50 matches by label). */
function LookupSelect({
  foreignKey,
  value,
  onChange,
  required,
  ...common
}: {
  id: string;
  foreignKey: ForeignKey;
  value: string;
  onChange: (value: FormValue) => void;
  required: boolean;
  "aria-invalid"?: boolean;
  "aria-describedby"?: string;
}) {
  const [search, setSearch] = useState("");
  const label = foreignKey.labelColumn;
  const { result, query } = useList({
    resource: foreignKey.refTable,
    pagination: { currentPage: 1, pageSize: 50 },
    sorters: label === "id" ? [] : [{ field: label, order: "asc" }],
    filters: search && label !== "id" ? [{ field: label, operator: "contains", value: search }] : [],
    meta: { select: label === "id" ? "id" : `id,${label}` },
  });
  const { result: current } = useMany({
    resource: foreignKey.refTable,
    ids: value ? [value] : [],
    queryOptions: { enabled: Boolean(value) },
    meta: { select: label === "id" ? "id" : `id,${label}` },
  });
  const options = [...result.data];
  for (const row of current?.data ?? []) if (!options.some((o) => o.id === row.id)) options.unshift(row);
  return (
    <div className="grid gap-1.5 sm:grid-cols-[minmax(0,2fr)_minmax(0,3fr)]">
      <Input
        type="search"
        aria-label="Search"
        placeholder="Search…"
        value={search}
        onChange={(e) => setSearch(e.target.value)}
      />
      <NativeSelect {...common} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">{query.isLoading ? "Loading…" : required ? "Choose…" : "—"}</option>
        {options.map((row) => (
          <option key={String(row.id)} value={String(row.id)}>
            {String(row[label] ?? row.id)}
          </option>
        ))}
      </NativeSelect>
    </div>
  );
}

/** The app's members by name (the signed-in one marked), for a people column. */
function MemberSelect({
  value,
  onChange,
  required,
  ...common
}: {
  id: string;
  value: string;
  onChange: (value: FormValue) => void;
  required: boolean;
  "aria-invalid"?: boolean;
  "aria-describedby"?: string;
}) {
  const { user } = useRuntime();
  const members = useMembers();
  const gone = value !== "" && !members.isLoading && !members.byId.has(value);
  return (
    <NativeSelect {...common} value={value} onChange={(e) => onChange(e.target.value)}>
      <option value="">{members.isLoading ? "Loading…" : required ? "Choose…" : "Nobody"}</option>
      {gone && <option value={value}>Former member</option>}
      {members.list.map((member) => (
        <option key={member.id} value={member.id}>
          {member.id === user.id ? `${member.name} (you)` : member.name}
        </option>
      ))}
    </NativeSelect>
  );
}
