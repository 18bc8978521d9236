/**
 * Imports in progress: rows a member sends in chunks (each within the request body limit)
 * are held here until they commit or discard, so that the write itself can be one
 * transaction. Bounded per import, per member and in time, and held in this process's
 * memory: an API behind a load balancer needs sticky sessions for imports.
 */
export type ImportRow = Record<string, unknown>;
export type ImportMode = "all" | "valid";

export interface ImportOwner {
  appId: string;
  userId: string;
}

export interface ImportSession {
  id: string;
  owner: ImportOwner;
  table: string;
  mode: ImportMode;
  rows: ImportRow[];
  /** The rows' size as sent (JSON), counted against the limits. */
  bytes: number;
  expires: number;
}

export interface ImportLimits {
  maxRows: number;
  maxBytes: number;
  maxOpenPerMember: number;
  /** What all open imports together may hold, whoever sent them: the process's memory is shared. */
  maxHeldBytes: number;
  idleMs: number;
}

export const DEFAULT_IMPORT_LIMITS: ImportLimits = {
  maxRows: 100_000,
  maxBytes: 32 * 1024 * 1024,
  maxOpenPerMember: 3,
  maxHeldBytes: 256 * 1024 * 1024,
  idleMs: 15 * 60_000,
};

export class ImportRefused extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const NOT_FOUND = "This import is not open any more (finished, discarded or idle too long); start the import again.";

export class ImportSessions {
  readonly #open = new Map<string, ImportSession>();

  constructor(
    private readonly limits: ImportLimits = DEFAULT_IMPORT_LIMITS,
    private readonly now: () => number = Date.now,
  ) {}

  open(owner: ImportOwner, table: string, mode: ImportMode): ImportSession {
    this.#dropExpired();
    const mine = [...this.#open.values()].filter((s) => sameOwner(s.owner, owner));
    if (mine.length >= this.limits.maxOpenPerMember) {
      throw new ImportRefused(
        429,
        "too_many_imports",
        `You have ${mine.length} imports open already; finish or discard one before starting another.`,
      );
    }
    const session = { id: crypto.randomUUID(), owner, table, mode, rows: [], bytes: 0, expires: this.#deadline() };
    this.#open.set(session.id, session);
    return session;
  }

  append(id: string, owner: ImportOwner, rows: ImportRow[], bytes: number): ImportSession {
    const session = this.#find(id, owner);
    if (session.rows.length + rows.length > this.limits.maxRows || session.bytes + bytes > this.limits.maxBytes) {
      throw new ImportRefused(
        413,
        "import_too_large",
        `One import may hold at most ${this.limits.maxRows} rows and ${Math.round(this.limits.maxBytes / 1024 / 1024)} MB; split the file and import it in parts.`,
      );
    }
    if (this.#heldBytes() + bytes > this.limits.maxHeldBytes) {
      throw new ImportRefused(
        503,
        "imports_busy",
        "The server is holding as many imports as it can right now; try again in a few minutes.",
      );
    }
    session.rows.push(...rows);
    session.bytes += bytes;
    session.expires = this.#deadline();
    return session;
  }

  /** Removes the import and hands it over for its one write. */
  take(id: string, owner: ImportOwner): ImportSession {
    const session = this.#find(id, owner);
    this.#open.delete(id);
    return session;
  }

  discard(id: string, owner: ImportOwner): void {
    this.take(id, owner);
  }

  #find(id: string, owner: ImportOwner): ImportSession {
    this.#dropExpired();
    const session = this.#open.get(id);
    // Another member's import is as absent as a finished one: its id tells them nothing.
    if (!session || !sameOwner(session.owner, owner)) throw new ImportRefused(404, "import_not_found", NOT_FOUND);
    return session;
  }

  #heldBytes(): number {
    let held = 0;
    for (const session of this.#open.values()) held += session.bytes;
    return held;
  }

  #deadline(): number {
    return this.now() + this.limits.idleMs;
  }

  #dropExpired(): void {
    const now = this.now();
    for (const [id, session] of this.#open) if (session.expires <= now) this.#open.delete(id);
  }
}

const sameOwner = (a: ImportOwner, b: ImportOwner) => a.appId === b.appId && a.userId === b.userId;
