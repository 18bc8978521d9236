/**
 * The write of an import, inside the one transaction the caller holds: rows go in chunks;
 * a refused chunk is halved, and its halves again, until the rows the database refuses
 * stand alone with their reason — a few dozen statements per refused row, not one per row.
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
  /** Writes rows[from, to) or the parts of it the database accepts; true when the import must stop. */
  const write = async (from: number, to: number): Promise<boolean> => {
    const refusal = await writer.insert(rows.slice(from, to));
    if (!refusal) {
      outcome.inserted += to - from;
      return false;
    }
    if (to - from === 1) {
      outcome.refused.push({ index: from, refusal });
      return mode === "all";
    }
    const middle = from + Math.ceil((to - from) / 2);
    return (await write(from, middle)) || write(middle, to);
  };
  for (let start = 0; start < rows.length; start += chunkSize) {
    if (await write(start, Math.min(rows.length, start + chunkSize))) break;
  }
  return outcome;
}
