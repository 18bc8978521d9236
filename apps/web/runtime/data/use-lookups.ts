"use client";
/**
 * Labels for foreign-key columns: for each lookup column shown, one getMany over the
 * referenced table for the ids on screen, read by the relationship's lookupLabelColumn.
 */
import { type BaseRecord, useDataProvider } from "@refinedev/core";
import { useQueries } from "@tanstack/react-query";
import { useRuntime } from "../components/runtime-context";
import { foreignKeyOf } from "../config/model";

export type LookupLabels = Record<string, Map<string, string>>;

export function useLookupLabels(table: string, columns: string[], rows: BaseRecord[]): LookupLabels {
  const { blueprint } = useRuntime();
  const dataProvider = useDataProvider()();
  const lookups = columns.flatMap((column) => {
    const fk = foreignKeyOf(blueprint, table, column);
    if (!fk) return [];
    const ids = [
      ...new Set(rows.map((r) => r[column]).filter((v): v is string => typeof v === "string" && v !== "")),
    ].sort();
    return [{ column, fk, ids }];
  });
  const results = useQueries({
    queries: lookups.map(({ fk, ids }) => ({
      queryKey: ["plinth-lookup", fk.refTable, fk.labelColumn, ids],
      enabled: ids.length > 0,
      staleTime: 30_000,
      queryFn: async () => {
        const { data } = await dataProvider.getMany!({
          resource: fk.refTable,
          ids,
          meta: { select: fk.labelColumn === "id" ? "id" : `id,${fk.labelColumn}` },
        });
        return data;
      },
    })),
  });
  const labels: LookupLabels = {};
  lookups.forEach(({ column, fk }, i) => {
    const map = new Map<string, string>();
    for (const row of results[i]?.data ?? []) map.set(String(row.id), String(row[fk.labelColumn] ?? row.id));
    labels[column] = map;
  });
  return labels;
}
