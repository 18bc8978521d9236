/**
 * The control-plane calls a running app's blocks make besides its data: saved views and
 * imports, with the member's app token. Blocks get them from AppServicesContext, so tests
 * give a fake and a runtime without them simply hides those features.
 */
import { createContext, useContext } from "react";
import { RuntimeApiError } from "./runtime-api";

export interface SavedView {
  id: string;
  name: string;
  shared: boolean;
  state: unknown;
  /** Whether the signed-in member owns it (and may delete it). */
  mine: boolean;
}

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
  const call = async <T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> => {
    let response: Response;
    try {
      response = await fetch(`${base}${path}`, {
        method,
        headers: {
          accept: "application/json",
          ...(body !== undefined && { "content-type": "application/json" }),
          authorization: `Bearer ${token() ?? ""}`,
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch {
      throw new RuntimeApiError(0, "The server could not be reached. Check your connection and try again.");
    }
    const parsed = response.status === 204 ? undefined : await response.json().catch(() => undefined);
    return { status: response.status, body: parsed as T };
  };
  const ok = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const answer = await call<T & { error?: { message?: string } }>(method, path, body);
    if (answer.status >= 400)
      throw new RuntimeApiError(answer.status, answer.body?.error?.message ?? "The request failed; try again.");
    return answer.body;
  };

  return {
    listViews: async (key) => (await ok<{ views: SavedView[] }>("GET", `/views?key=${encodeURIComponent(key)}`)).views,
    saveView: async (key, name, shared, state) =>
      (await ok<{ view: SavedView }>("POST", "/views", { key, name, shared, state })).view,
    deleteView: async (id) => {
      await ok("DELETE", `/views/${encodeURIComponent(id)}`);
    },
    async importRows(table, mode, rows, onProgress) {
      const opened = await ok<{ id: string; chunk_rows: number }>("POST", "/imports", { table, mode });
      try {
        for (let start = 0; start < rows.length; start += opened.chunk_rows) {
          const chunk = rows.slice(start, start + opened.chunk_rows);
          await ok("POST", `/imports/${opened.id}/rows`, { rows: chunk });
          onProgress(start + chunk.length);
        }
      } catch (error) {
        await call("DELETE", `/imports/${opened.id}`).catch(() => undefined);
        throw error;
      }
      const committed = await call<
        ImportResult & { error?: { code?: string; message?: string; details?: { refused?: ImportRefusal[] } } }
      >("POST", `/imports/${opened.id}/commit`);
      if (committed.status === 422 && committed.body?.error?.code === "import_refused") {
        return {
          inserted: 0,
          refused: committed.body.error.details?.refused ?? [],
          rolledBack: committed.body.error.message,
        };
      }
      if (committed.status >= 400)
        throw new RuntimeApiError(committed.status, committed.body?.error?.message ?? "The import failed; try again.");
      return { inserted: committed.body.inserted, refused: committed.body.refused };
    },
  };
}
