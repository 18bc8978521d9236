/**
 * What points to a record about to be deleted: for each relationship whose parent is
 * the record's table, how many rows the user can see refer to it and what the database
 * will do to them (refuse the delete, clear their link, or delete them too), so the
 * confirmation can say so before the user decides.
 */
import type { BlueprintV2 } from "@plinth/blueprint";
import { useDataProvider } from "@refinedev/core";
import { useQuery } from "@tanstack/react-query";
import { foreignKeys, tableLabel } from "../config/model";

export interface Reference {
  table: string;
  /** The referring table's label, lowercased for a sentence. */
  label: string;
  count: number;
  rule: "restrict" | "cascade" | "set_null";
}

export function referringKeys(blueprint: BlueprintV2, table: string) {
  return foreignKeys(blueprint).flatMap((fk, index) => {
    const rule = blueprint.data.relationships[index]?.onDelete ?? "restrict";
    return fk.refTable === table ? [{ ...fk, rule }] : [];
  });
}

export function useReferences(blueprint: BlueprintV2, table: string, id: string | undefined, enabled: boolean) {
  const dataProvider = useDataProvider();
  return useQuery({
    queryKey: ["plinth-references", table, id],
    enabled: enabled && id !== undefined,
    staleTime: 0,
    queryFn: async (): Promise<Reference[]> => {
      const counted = await Promise.all(
        referringKeys(blueprint, table).map(async (fk) => {
          const { total } = await dataProvider().getList({
            resource: fk.table,
            pagination: { currentPage: 1, pageSize: 1, mode: "server" },
            filters: [{ field: fk.column, operator: "eq", value: id }],
            meta: { select: "id" },
          });
          return { table: fk.table, label: tableLabel(blueprint, fk.table).toLowerCase(), count: total, rule: fk.rule };
        }),
      );
      return counted.filter((r) => r.count > 0);
    },
  });
}
