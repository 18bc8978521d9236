"use client";

import { type AccessSummary, type BlueprintSummary, summarizeBlueprint, validateBlueprint } from "@plinth/blueprint";
import { DatabaseIcon, LayoutTemplateIcon, ShieldCheckIcon } from "lucide-react";
import { type ReactNode, useMemo } from "react";
import { Badge } from "@/components/ui/badge";
import { cn } from "@/lib/utils";

/** The blueprint in plain language: data, who may do what on which rows, and pages. */
export function BlueprintSummaryView({ blueprint }: { blueprint: unknown }) {
  const summary = useMemo((): BlueprintSummary | null => {
    const parsed = validateBlueprint(blueprint);
    return parsed.ok ? summarizeBlueprint(parsed.blueprint) : null;
  }, [blueprint]);

  if (!summary) {
    return (
      <p className="text-muted-foreground text-sm">
        This version of the blueprint cannot be summarized because it no longer passes validation. The raw JSON is in
        the Blueprint tab.
      </p>
    );
  }

  return (
    <div className="grid gap-8">
      {summary.description && (
        <p className="text-muted-foreground max-w-prose leading-relaxed">{summary.description}</p>
      )}
      <p className="text-muted-foreground text-sm">Numbers, money and dates: {summary.locale}.</p>

      <Section icon={<DatabaseIcon aria-hidden="true" />} title="What it keeps track of" twoColumns>
        {summary.tables.map((table) => (
          <Entry key={table.name}>
            <h4 className="font-medium">{table.label}</h4>
            {table.description && <p className="text-muted-foreground mt-1 text-sm">{table.description}</p>}
            <dl className="mt-3 grid gap-1.5 text-sm">
              {table.fields.map((field) => (
                <div key={field.name} className="grid grid-cols-[minmax(6rem,auto)_1fr] gap-3">
                  <dt className="font-medium">{field.label}</dt>
                  <dd className="text-muted-foreground">{field.description}</dd>
                </div>
              ))}
            </dl>
          </Entry>
        ))}
      </Section>

      <Section icon={<ShieldCheckIcon aria-hidden="true" />} title="Who can do what">
        {summary.roles.map((role) => (
          <Entry key={role.name}>
            <div className="flex flex-wrap items-center gap-2">
              <h4 className="font-medium">{role.label}</h4>
              {role.isDefault && <Badge variant="secondary">New members get this role</Badge>}
            </div>
            {role.description && <p className="text-muted-foreground mt-1 text-sm">{role.description}</p>}
            {role.access.length === 0 ? (
              <p className="text-muted-foreground mt-2 text-sm">No access to any data.</p>
            ) : (
              <div className="mt-3 overflow-x-auto">
                <table className="w-full text-left text-sm" aria-label={`What ${role.label} can do`}>
                  <thead className="text-muted-foreground text-xs">
                    <tr>
                      <th className="py-1 pr-4 font-medium">Data</th>
                      <th className="py-1 pr-4 font-medium">Can</th>
                      <th className="py-1 pr-4 font-medium">Sees</th>
                      <th className="py-1 font-medium">Changes</th>
                    </tr>
                  </thead>
                  <tbody>
                    {role.access.map((access) => (
                      <tr key={access.table} className="border-t align-top">
                        <th scope="row" className="py-1.5 pr-4 font-medium">
                          {access.tableLabel}
                        </th>
                        <td className="text-muted-foreground py-1.5 pr-4">{access.can}</td>
                        <td className="text-muted-foreground py-1.5 pr-4">{access.rows}</td>
                        <td className="text-muted-foreground py-1.5">{changesOf(access)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </Entry>
        ))}
      </Section>

      <Section icon={<LayoutTemplateIcon aria-hidden="true" />} title="Pages" twoColumns>
        {summary.pages.map((page) => (
          <Entry key={page.id}>
            <div className="flex flex-wrap items-baseline justify-between gap-2">
              <h4 className="font-medium">{page.title}</h4>
              <code className="text-muted-foreground font-mono text-xs">{page.route}</code>
            </div>
            <ul className="text-muted-foreground mt-2 grid list-disc gap-1 pl-4 text-sm">
              {page.blocks.map((block) => (
                <li key={block.id}>
                  {block.title && <span className="text-foreground">{block.title}: </span>}
                  {block.description}
                </li>
              ))}
            </ul>
          </Entry>
        ))}
      </Section>
    </div>
  );
}

/** How the role's writing is narrower than its reading, or that it writes every row it sees, or not at all. */
function changesOf(access: AccessSummary): string {
  const writes = access.actions.some((a) => a === "create" || a === "update" || a === "delete");
  if (!writes) return "nothing (read only)";
  if (access.writes.length === 0) return "any row they see";
  const text = access.writes.join("; ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A part of the summary: a heading above its entries, side by side on a wide screen when they are short. */
function Section({
  icon,
  title,
  twoColumns = false,
  children,
}: {
  icon: ReactNode;
  title: string;
  twoColumns?: boolean;
  children: ReactNode;
}) {
  return (
    <section className="grid gap-3">
      <h3 className="text-muted-foreground flex items-center gap-2 text-sm font-semibold tracking-wide uppercase [&_svg]:size-4">
        {icon}
        {title}
      </h3>
      <div className={cn("grid gap-4", twoColumns && "md:grid-cols-2")}>{children}</div>
    </section>
  );
}

/** One table, role or page of the summary. */
function Entry({ children }: { children: ReactNode }) {
  return <div className="rounded-lg border p-4">{children}</div>;
}
