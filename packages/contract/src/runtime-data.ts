/** What a running app's table blocks ask of the control plane besides its data: saved views and imports. */
import { z } from "zod";

export const viewKey = z.string().min(1, "name the block the view belongs to").max(200);
export const viewQuery = z.object({ key: viewKey });
export const newView = z.object({
  key: viewKey,
  name: z.string().trim().min(1, "give the view a name").max(80, "use at most 80 characters for the name"),
  shared: z.boolean().default(false),
  state: z.record(z.string(), z.unknown()),
});
export const savedView = z.object({
  id: z.string().uuid(),
  name: z.string(),
  shared: z.boolean(),
  state: z.unknown(),
  /** Whether the asking member owns it (and so may delete it). */
  mine: z.boolean(),
  created_at: z.union([z.date(), z.string()]),
});
export const savedViews = z.object({ views: z.array(savedView) });
export const savedViewCreated = z.object({ view: savedView });
export type SavedView = z.infer<typeof savedView>;

/** Rows per chunk the browser sends; the same cap the data API puts on one write. */
export const IMPORT_CHUNK_ROWS = 1_000;
export const newImport = z.object({ table: z.string().min(1).max(63), mode: z.enum(["all", "valid"]) });
export const importOpened = z.object({ id: z.string().uuid(), chunk_rows: z.number().int() });
export const importChunk = z.object({
  rows: z
    .array(z.record(z.string(), z.unknown()))
    .min(1, "send at least one row")
    .max(IMPORT_CHUNK_ROWS, `send at most ${IMPORT_CHUNK_ROWS} rows at a time`),
});
export const importReceived = z.object({ received: z.number().int() });
export const rowRefusal = z.object({
  code: z.string(),
  message: z.string(),
  details: z.string().nullable(),
  hint: z.string().nullable(),
});
export const importRefusal = z.object({ index: z.number().int(), refusal: rowRefusal });
export const importResult = z.object({ inserted: z.number().int(), refused: z.array(importRefusal) });
