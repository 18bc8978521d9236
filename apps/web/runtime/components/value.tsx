"use client";
/** One stored value shown by its column's type and format (links, swatches, badges, lookup labels, files, people). */
import type { Column } from "@plinth/blueprint";
import { Badge } from "@/components/ui/badge";
import { formatValue } from "../config/format";
import { Person } from "./person";
import { useAppLocale } from "./runtime-context";
import { StoredFile } from "./stored-file";

export function Value({
  column,
  value,
  lookup,
}: {
  column: Column | undefined;
  value: unknown;
  lookup?: Map<string, string>;
}) {
  const locale = useAppLocale();
  if (value === null || value === undefined || value === "") return <span className="text-muted-foreground">—</span>;
  if (lookup) {
    const label = lookup.get(String(value));
    return <span>{label ?? <span className="text-muted-foreground">…</span>}</span>;
  }
  if (column?.type === "user") return <Person id={String(value)} />;
  if (column?.type === "file" || column?.type === "image") return <StoredFile column={column} path={String(value)} />;
  const text = formatValue(column, value, locale);
  if (column?.enum) return <Badge variant="secondary">{text}</Badge>;
  switch (column?.format) {
    case "email":
      return <ValueLink href={`mailto:${String(value)}`}>{text}</ValueLink>;
    case "url":
      return (
        <ValueLink href={String(value)} external>
          {text}
        </ValueLink>
      );
    case "phone":
      return <ValueLink href={`tel:${String(value)}`}>{text}</ValueLink>;
    case "color":
      return (
        <span className="inline-flex items-center gap-2">
          <span aria-hidden="true" className="size-4 rounded border" style={{ background: String(value) }} />
          {text}
        </span>
      );
    case "image_url":
      return <img src={String(value)} alt="" className="size-10 rounded object-cover" loading="lazy" />;
    case "markdown":
      return <span className="line-clamp-2 whitespace-pre-line">{text}</span>;
  }
  return <span>{text}</span>;
}

/** A value the user can follow: an address to write to or call, or a web page opened beside the app. */
function ValueLink({ href, external = false, children }: { href: string; external?: boolean; children: string }) {
  return (
    <a
      className={`text-primary underline-offset-4 hover:underline${external ? " break-all" : ""}`}
      href={href}
      {...(external ? { target: "_blank", rel: "noreferrer" } : {})}
    >
      {children}
    </a>
  );
}
