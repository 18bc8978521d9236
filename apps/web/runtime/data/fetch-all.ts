/**
 * Every row of a query through the data API, a page at a time (the API caps a read), for
 * what needs the whole set: an export of a view, a lookup's label → id map for an import.
 */
import type { BaseRecord, CrudFilter, CrudSort, DataProvider } from "@refinedev/core";

const PAGE_ROWS = 1_000;

export async function fetchAll(
  dataProvider: DataProvider,
  query: { resource: string; filters?: CrudFilter[]; sorters?: CrudSort[]; select?: string },
  onProgress?: (fetched: number, total: number) => void,
): Promise<BaseRecord[]> {
  const rows: BaseRecord[] = [];
  for (let page = 1; ; page++) {
    const { data, total } = await dataProvider.getList({
      resource: query.resource,
      filters: query.filters,
      // A stable order, so pages neither skip nor repeat rows that tie on the view's sort.
      sorters: [...(query.sorters ?? []), { field: "id", order: "asc" }],
      pagination: { currentPage: page, pageSize: PAGE_ROWS, mode: "server" },
      ...(query.select && { meta: { select: query.select } }),
    });
    rows.push(...data);
    onProgress?.(rows.length, total);
    if (rows.length >= total || data.length === 0) return rows;
    // Pages are numbered: a server capping reads below a page would make the next page skip rows.
    if (data.length < PAGE_ROWS)
      throw new Error(
        `The data API returns fewer than ${PAGE_ROWS} rows per read; ask the server's owner to allow more.`,
      );
  }
}
