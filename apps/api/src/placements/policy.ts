/**
 * Where a new app goes: the one rule of placement, kept apart from the SQL and the
 * pools so it is easy to change (by size instead of count, by region, …).
 */

export interface ServerLoad {
  name: string;
  state: "open" | "draining" | "closed";
  capacity: number;
  /** Apps placed on the server now, counting those being moved onto it. */
  apps: number;
}

/**
 * The open server with the most room left (capacity minus apps); ties go to the first
 * by name, so the choice is stable. Null when every open server is full or none is open.
 */
export function chooseServer(servers: readonly ServerLoad[]): string | null {
  let best: { name: string; room: number } | null = null;
  for (const server of [...servers].sort((a, b) => a.name.localeCompare(b.name))) {
    const room = server.capacity - server.apps;
    if (server.state !== "open" || room <= 0) continue;
    if (!best || room > best.room) best = { name: server.name, room };
  }
  return best?.name ?? null;
}
