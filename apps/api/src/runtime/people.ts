/**
 * The people of an app as its members see them (chat names and avatars): the owner and
 * every member who accepted an invitation, each with a name and initials. Pending
 * invitations are not people yet, and an address is shown only when no name was given.
 */
import type { Pool } from "pg";

export interface Person {
  id: string;
  name: string;
  initials: string;
}

export async function peopleOf(pool: Pool, app: { id: string; owner_user_id: string }): Promise<Person[]> {
  const { rows } = await pool.query<{ id: string; email: string; display_name: string | null }>(
    `select u.id, u.email, u.display_name from control_plane.users u
     where u.id = $2
        or u.id in (select m.user_id from control_plane.app_members m where m.app_id = $1 and m.user_id is not null)
     order by coalesce(u.display_name, u.email)`,
    [app.id, app.owner_user_id],
  );
  return rows.map((row) => {
    const name = row.display_name?.trim() || row.email;
    return { id: row.id, name, initials: initialsOf(name) };
  });
}

/** "Ada Lovelace" → "AL", "grace.hopper@example.com" → "GH", "bob" → "B". */
export function initialsOf(name: string): string {
  const words = name
    .replace(/@.*$/, "")
    .split(/[\s._-]+/)
    .filter(Boolean);
  const letters = words.length > 1 ? [words[0], words[words.length - 1]] : words;
  return (
    letters
      .map((word) => [...(word ?? "")][0]?.toUpperCase() ?? "")
      .join("")
      .slice(0, 2) || "?"
  );
}
