/**
 * The control-plane calls a running app's blocks make besides its data: saved views and
 * imports, with the member's app token. Blocks get them from AppServicesContext, so tests
 * give a fake and a runtime without them simply hides those features.
 */
import type { SavedView } from "@plinth/contract";
import { createContext, useContext } from "react";
import { ApiError, apiFetch } from "@/lib/api/client";

export type { SavedView };

export interface ImportRefusal {
  /** 0-based position among the rows sent. */
  index: number;
  refusal: { code: string; message: string; details: string | null; hint: string | null };
}

export interface ImportResult {
  inserted: number;
  refused: ImportRefusal[];
  /** "all" mode: a refused row undid the whole import; this says which and why. */
  rolledBack?: string;
}

export interface AppServices {
  listViews(key: string): Promise<SavedView[]>;
  saveView(key: string, name: string, shared: boolean, state: unknown): Promise<SavedView>;
  deleteView(id: string): Promise<void>;
  /** Sends the rows in chunks (reporting how many went), then writes them in one transaction. */
  importRows(
    table: string,
    mode: "all" | "valid",
    rows: Record<string, unknown>[],
    onProgress: (sent: number) => void,
  ): Promise<ImportResult>;
}

const AppServicesContext = createContext<AppServices | undefined>(undefined);
export const AppServicesProvider = AppServicesContext.Provider;
export const useAppServices = () => useContext(AppServicesContext);

export function createAppServices(slug: string, token: () => string | undefined): AppServices {
  const base = `/api/runtime/${encodeURIComponent(slug)}`;
  const call = <T>(method: string, path: string, body?: unknown): Promise<T> =>
    apiFetch<T>(`${base}${path}`, { method, body, bearer: token() });

  return {
    listViews: async (key) =>
      (await call<{ views: SavedView[] }>("GET", `/views?key=${encodeURIComponent(key)}`)).views,
    saveView: async (key, name, shared, state) =>
      (await call<{ view: SavedView }>("POST", "/views", { key, name, shared, state })).view,
    deleteView: async (id) => {
      await call("DELETE", `/views/${encodeURIComponent(id)}`);
    },
    async importRows(table, mode, rows, onProgress) {
      const opened = await call<{ id: string; chunk_rows: number }>("POST", "/imports", { table, mode });
      try {
        for (let start = 0; start < rows.length; start += opened.chunk_rows) {
          const chunk = rows.slice(start, start + opened.chunk_rows);
          await call("POST", `/imports/${opened.id}/rows`, { rows: chunk });
          onProgress(start + chunk.length);
        }
      } catch (error) {
        await call("DELETE", `/imports/${opened.id}`).catch(() => undefined);
        throw error;
      }
      try {
        return await call<ImportResult>("POST", `/imports/${opened.id}/commit`);
      } catch (error) {
        // "All or nothing" undid the import: the answer says which rows were refused, for the preview to show.
        if (error instanceof ApiError && error.code === "import_refused") {
          const refused = (error.details as { refused?: ImportRefusal[] } | undefined)?.refused ?? [];
          return { inserted: 0, refused, rolledBack: error.message };
        }
        throw error;
      }
    },
  };
}
