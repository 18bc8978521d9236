/**
 * The write of an import, inside the one transaction the caller holds: rows go in chunks;
 * a refused chunk is retried row by row to name the rows the database refuses and why.
 * "all" stops at the first refused row (the caller then rolls everything back); "valid"
 * keeps every row the database accepts and reports the others.
 */
import type { ImportMode, ImportRow } from "./sessions.js";

/** The database's refusal of a row, as the data API reports it (PostgREST error JSON). */
export interface RowRefusal {
  code: string;
  message: string;
  details: string | null;
  hint: string | null;
}

export interface ImportWriter {
  /** Inserts the rows inside a savepoint; on refusal it is rolled back and the refusal returned. */
  insert(rows: ImportRow[]): Promise<RowRefusal | undefined>;
}

export interface ImportOutcome {
  inserted: number;
  /** Positions in the import (0-based, in the order the rows were sent). */
  refused: { index: number; refusal: RowRefusal }[];
}

export async function writeImport(
  rows: ImportRow[],
  mode: ImportMode,
  chunkSize: number,
  writer: ImportWriter,
): Promise<ImportOutcome> {
  const outcome: ImportOutcome = { inserted: 0, refused: [] };
  for (let start = 0; start < rows.length; start += chunkSize) {
    const chunk = rows.slice(start, start + chunkSize);
    if (!(await writer.insert(chunk))) {
      outcome.inserted += chunk.length;
      continue;
    }
    for (const [offset, row] of chunk.entries()) {
      const refusal = await writer.insert([row]);
      if (!refusal) {
        outcome.inserted += 1;
        continue;
      }
      outcome.refused.push({ index: start + offset, refusal });
      if (mode === "all") return outcome;
    }
  }
  return outcome;
}
