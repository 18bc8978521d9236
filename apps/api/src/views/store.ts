/**
 * Saved views in the control plane: a member's own, and those shared with every member
 * of the app. The state is the runtime's (search, filters, sort, hidden columns, page);
 * the API only keeps it.
 */
import type { SavedView } from "@plinth/contract";
import type { Pool } from "pg";

export type { SavedView };

export async function listViews(pool: Pool, appId: string, viewKey: string, userId: string): Promise<SavedView[]> {
  const { rows } = await pool.query<SavedView>(
    `select id, name, shared, state, owner_user_id = $3 as mine, created_at
     from control_plane.saved_views
     where app_id = $1 and view_key = $2 and (shared or owner_user_id = $3)
     order by created_at`,
    [appId, viewKey, userId],
  );
  return rows;
}

export async function createView(
  pool: Pool,
  view: { appId: string; userId: string; viewKey: string; name: string; shared: boolean; state: unknown },
): Promise<SavedView> {
  const { rows } = await pool.query<SavedView>(
    `insert into control_plane.saved_views (app_id, owner_user_id, view_key, name, shared, state)
     values ($1, $2, $3, $4, $5, $6)
     returning id, name, shared, state, true as mine, created_at`,
    [view.appId, view.userId, view.viewKey, view.name, view.shared, JSON.stringify(view.state)],
  );
  const [saved] = rows;
  if (!saved) throw new Error("inserting a saved view returned no row");
  return saved;
}

/** Deletes the member's own view; false when there is none of theirs with that id. */
export async function deleteView(pool: Pool, appId: string, id: string, userId: string): Promise<boolean> {
  const { rowCount } = await pool.query(
    "delete from control_plane.saved_views where app_id = $1 and id = $2 and owner_user_id = $3",
    [appId, id, userId],
  );
  return (rowCount ?? 0) > 0;
}
