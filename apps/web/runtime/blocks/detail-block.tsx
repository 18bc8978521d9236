"use client";
/** DETAIL: one record (the route's or modal's :id), its related one-to-many lists and actions. */
import type { Block } from "@plinth/blueprint";
import { useList, useOne } from "@refinedev/core";
import { ActionBar, ActionButton } from "../components/actions";
import { BlockEmpty, BlockError, BlockLoading } from "../components/block-states";
import { useRecordScope, useRuntime } from "../components/runtime-context";
import { Value } from "../components/value";
import { columnLabel, findColumn, findTable } from "../config/model";
import { pagePath } from "../config/refine-config";
import { useLookupLabels } from "../data/use-lookups";

type DetailBlock = Extract<Block, { type: "DETAIL" }>;

export function DetailBlockView({ block }: { block: DetailBlock }) {
  const { id } = useRecordScope();
  if (!id) return <p className="text-muted-foreground text-sm">Choose a record to see it here.</p>;
  return <Detail block={block} id={id} />;
}

function Detail({ block, id }: { block: DetailBlock; id: string }) {
  const { blueprint, basePath, navigate } = useRuntime();
  const table = findTable(blueprint, block.table);
  const { result: record, query } = useOne({ resource: block.table, id });
  const labels = useLookupLabels(block.table, block.fields, record ? [record] : []);
  if (query.isLoading) return <BlockLoading rows={block.fields.length} />;
  if (query.isError) return <BlockError error={query.error} onRetry={() => query.refetch()} />;
  if (!record)
    return <BlockEmpty title="Not found" description="This record does not exist, or your role may not see it." />;
  const listPage = blueprint.ui.pages.find(
    (p) => !p.route.includes(":id") && p.blocks.some((b) => b.type === "TABLE" && b.table === block.table),
  );
  return (
    <div className="grid gap-5">
      {(block.fields.length > 1 || block.related.length === 0) && (
        <dl className="grid gap-x-6 gap-y-3 sm:grid-cols-2">
          {block.fields.map((name) => (
            <div key={name} className="grid min-w-0 gap-0.5">
              <dt className="text-muted-foreground text-xs font-medium uppercase tracking-wide">
                {columnLabel(table, name)}
              </dt>
              <dd className="break-words">
                <Value column={findColumn(table, name)} value={record[name]} lookup={labels[name]} />
              </dd>
            </div>
          ))}
        </dl>
      )}
      {block.related.map((related) => (
        <RelatedList key={`${related.table}.${related.column}`} related={related} parentId={id} />
      ))}
      <ActionBar
        actions={block.actions}
        table={block.table}
        recordId={id}
        recordLabel={String(record[block.fields[0] ?? "id"] ?? "")}
        record={record}
        onDeleted={() => listPage && navigate(pagePath(basePath, listPage))}
      />
    </div>
  );
}

function RelatedList({ related, parentId }: { related: DetailBlock["related"][number]; parentId: string }) {
  const { blueprint, basePath, navigate } = useRuntime();
  const table = findTable(blueprint, related.table);
  const { result, query } = useList({
    resource: related.table,
    filters: [{ field: related.column, operator: "eq", value: parentId }],
    sorters: [{ field: "created_at", order: "desc" }],
    pagination: { currentPage: 1, pageSize: 50 },
  });
  const labels = useLookupLabels(related.table, related.columns, result.data);
  const showPage = blueprint.ui.pages.find(
    (p) => p.route.includes(":id") && p.blocks.some((b) => b.type === "DETAIL" && b.table === related.table),
  );
  return (
    <section className="grid gap-2" aria-label={related.title ?? table?.label ?? related.table}>
      <div className="flex items-center justify-between gap-2">
        <h3 className="font-medium">{related.title ?? table?.label ?? related.table}</h3>
        <ActionButton
          action={{ type: "create", label: "Add" }}
          table={related.table}
          defaults={{ [related.column]: parentId }}
        />
      </div>
      {query.isLoading ? (
        <BlockLoading />
      ) : query.isError ? (
        <BlockError error={query.error} onRetry={() => query.refetch()} />
      ) : result.data.length === 0 ? (
        <p className="text-muted-foreground text-sm">None yet.</p>
      ) : (
        <div className="relative overflow-x-auto rounded-lg border">
          <table className="w-full text-sm">
            <thead className="bg-muted/50 text-left">
              <tr>
                {related.columns.map((c) => (
                  <th key={c} className="px-3 py-2 font-medium">
                    {columnLabel(table, c)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {result.data.map((row) => (
                <tr
                  key={String(row.id)}
                  className={showPage ? "hover:bg-muted/30 cursor-pointer border-t" : "border-t"}
                  onClick={showPage ? () => navigate(pagePath(basePath, showPage, String(row.id))) : undefined}
                >
                  {related.columns.map((c, i) => (
                    <td key={c} className="px-3 py-2">
                      {i === 0 && showPage ? (
                        <a
                          href={pagePath(basePath, showPage, String(row.id))}
                          className="text-primary hover:underline"
                          onClick={(e) => {
                            e.preventDefault();
                            e.stopPropagation();
                            navigate(pagePath(basePath, showPage, String(row.id)));
                          }}
                        >
                          <Value column={findColumn(table, c)} value={row[c]} lookup={labels[c]} />
                        </a>
                      ) : (
                        <Value column={findColumn(table, c)} value={row[c]} lookup={labels[c]} />
                      )}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
