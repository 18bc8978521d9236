"use client";
/** The app's file storage, for the blocks that show and upload files. */
import type { BlueprintV2, Column, Table } from "@plinth/blueprint";
import { useQuery } from "@tanstack/react-query";
import { type FileStorage, SIGNED_URL_SECONDS } from "../data/file-storage";
import { requiredContext } from "./required-context";

export const [FileStorageProvider, useFileStorage] = requiredContext<FileStorage>("useFileStorage");

/** The table a column object of the blueprint belongs to: a file's bucket. */
export function tableOfColumn(blueprint: BlueprintV2, column: Column): Table | undefined {
  return blueprint.data.tables.find((table) => table.columns.includes(column));
}

/** A signed URL for a stored file, asked for again well before it expires; an error when the user may not see it. */
export function useSignedUrl(table: string | undefined, path: string) {
  const storage = useFileStorage();
  return useQuery({
    queryKey: ["plinth-file", table, path],
    queryFn: () => storage.signedUrl(table ?? "", path),
    enabled: Boolean(table && path),
    staleTime: (SIGNED_URL_SECONDS / 2) * 1000,
    // A refusal (403) will not change by asking again.
    retry: false,
  });
}
