/**
 * Where changes come from: statement-level triggers on an app's tables send the ids of
 * the rows each committed write touched as a NOTIFY on one channel (Postgres delivers it
 * at commit, so a rolled-back write is never announced). Only ids travel, never values:
 * each viewer's server re-reads the rows under their own role before anything is sent.
 * The triggers are installed when a table gets its first listener, as Supabase needs a
 * table added to its publication; a dedicated connection LISTENs.
 */
import { quoteIdent, quoteLiteral } from "@plinth/db";
import type { Client, Notification, Pool } from "pg";
import type { ChangeEvent } from "./subscriptions.js";

export const CHANGES_CHANNEL = "plinth_changes";
const FEED_SCHEMA = "plinth_realtime";
/** NOTIFY payloads must stay under 8000 bytes: 100 uuids are about 3.9 kB. */
const IDS_PER_NOTIFICATION = 100;

export interface Change {
  schema: string;
  table: string;
  type: ChangeEvent;
  /** When the writing transaction began, as Postgres reports it. */
  committedAt: string;
  ids: string[];
}

const TRIGGERS: { event: ChangeEvent; transition: string }[] = [
  { event: "INSERT", transition: "new table as changed_rows" },
  { event: "UPDATE", transition: "new table as changed_rows" },
  { event: "DELETE", transition: "old table as changed_rows" },
];

const triggerName = (event: ChangeEvent) => `plinth_live_${event.toLowerCase()}`;

/** The shared trigger function; runs as the writer, who needs no privilege for NOTIFY. */
const FEED_FUNCTION = `
create schema if not exists ${FEED_SCHEMA};
create or replace function ${FEED_SCHEMA}.notify_change() returns trigger language plpgsql as $fn$
declare
  ids text[];
  i int := 1;
begin
  select array_agg(id::text) into ids from changed_rows;
  while ids is not null and i <= cardinality(ids) loop
    perform pg_notify(${quoteLiteral(CHANGES_CHANNEL)}, json_build_object(
      'schema', TG_TABLE_SCHEMA, 'table', TG_TABLE_NAME, 'type', TG_OP,
      'at', now(), 'ids', ids[i : i + ${IDS_PER_NOTIFICATION - 1}])::text);
    i := i + ${IDS_PER_NOTIFICATION};
  end loop;
  return null;
end
$fn$;`;

/** Serializes installs across API processes sharing the database ("tuple concurrently updated"). */
const INSTALL_LOCK = 7_340_021;

/** How long to wait before listening again after the connection was lost. */
const RELISTEN_MS = 1_000;

/** Hears NOTIFYs on the changes channel until stopped; reports a lost connection once. */
export type Listen = (
  onNotification: (message: Notification) => void,
  onLost: (error: Error) => void,
) => Promise<{ stop(): Promise<void> }>;

/** On a Postgres server: a connection of its own, which LISTENs and does nothing else. */
export function dedicatedConnection(connect: () => Promise<Client>): Listen {
  return async (onNotification, onLost) => {
    const client = await connect();
    let stopping = false;
    client.on("notification", onNotification);
    const lost = (error?: Error) => {
      if (stopping) return;
      stopping = true;
      onLost(error ?? new Error("the change feed's connection ended"));
    };
    client.on("error", lost);
    client.on("end", () => lost());
    await client.query(`listen ${CHANGES_CHANNEL}`);
    return {
      async stop() {
        stopping = true;
        await client.end();
      },
    };
  };
}

/**
 * On the embedded database: PGlite is one backend shared by every connection, and it
 * hands a notification to whichever connection committed the write, so every
 * connection of the (only) pool is heard.
 */
export function sharedBackend(pool: Pool): Listen {
  return async (onNotification) => {
    const heard = new WeakSet<object>();
    const hear = (client: { on(event: "notification", fn: (m: Notification) => void): unknown }) => {
      if (heard.has(client)) return;
      heard.add(client);
      client.on("notification", (message) => {
        if (listening) onNotification(message);
      });
    };
    let listening = true;
    pool.on("acquire", hear);
    await pool.query(`listen ${CHANGES_CHANNEL}`);
    return {
      async stop() {
        listening = false;
        pool.off("acquire", hear);
      },
    };
  };
}

export class ChangeFeed {
  #listening: { stop(): Promise<void> } | undefined;
  #stopped = false;

  constructor(
    private readonly pool: Pool,
    private readonly listen: Listen,
    private readonly onChange: (change: Change) => void,
    private readonly onError: (error: Error) => void,
  ) {}

  async start(): Promise<void> {
    const onNotification = (message: Notification) => {
      const change = message.channel === CHANGES_CHANNEL ? parseChange(message.payload) : null;
      if (change) this.onChange(change);
    };
    // Changes committed while nothing listens are missed; viewers still see them on their next read.
    const onLost = (error: Error) => {
      this.#listening = undefined;
      this.onError(error);
      this.#relisten();
    };
    this.#listening = await this.listen(onNotification, onLost);
  }

  #relisten(): void {
    if (this.#stopped) return;
    setTimeout(() => {
      this.start().catch((error: Error) => {
        this.onError(error);
        this.#relisten();
      });
    }, RELISTEN_MS).unref();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    const listening = this.#listening;
    this.#listening = undefined;
    await listening?.stop();
  }

  /** Makes committed writes to the table announce themselves; tables re-created by a migration get them again. */
  async watch(schema: string, table: string): Promise<void> {
    if (!(await this.#hasTriggers(schema, table))) await this.#install(schema, table);
  }

  async #hasTriggers(schema: string, table: string): Promise<boolean> {
    const { rows } = await this.pool.query<{ n: number }>(
      `select count(*)::int as n from pg_trigger t
       join pg_class c on c.oid = t.tgrelid join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = $1 and c.relname = $2 and t.tgname = any($3)`,
      [schema, table, TRIGGERS.map((t) => triggerName(t.event))],
    );
    return rows[0]?.n === TRIGGERS.length;
  }

  async #install(schema: string, table: string): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query("begin");
      await client.query("select pg_advisory_xact_lock($1)", [INSTALL_LOCK]);
      await client.query(FEED_FUNCTION);
      const target = `${quoteIdent(schema)}.${quoteIdent(table)}`;
      for (const { event, transition } of TRIGGERS) {
        await client.query(
          `create or replace trigger ${quoteIdent(triggerName(event))} after ${event} on ${target}
           referencing ${transition} for each statement execute function ${FEED_SCHEMA}.notify_change()`,
        );
      }
      await client.query("commit");
    } catch (error) {
      await client.query("rollback");
      throw error;
    } finally {
      client.release();
    }
  }
}

export function parseChange(payload: string | undefined): Change | null {
  try {
    const parsed = JSON.parse(payload ?? "") as Record<string, unknown>;
    const { schema, table, type, at, ids } = parsed;
    if (typeof schema !== "string" || typeof table !== "string" || typeof at !== "string") return null;
    if (type !== "INSERT" && type !== "UPDATE" && type !== "DELETE") return null;
    if (!Array.isArray(ids) || !ids.every((id) => typeof id === "string")) return null;
    return { schema, table, type, committedAt: at, ids };
  } catch {
    return null;
  }
}
