/**
 * /realtime/v1/websocket: Supabase Realtime's `postgres_changes` over Phoenix channels,
 * so supabase-js (and @refinedev/supabase's live provider) work against Plinth as they do
 * against a hosted Supabase project. A channel joins with the app user's token (the same
 * one /rest/v1 takes); every committed change is re-read under each viewer's role and
 * claims and sent only if they may see the row. Deletes carry the old primary key only
 * and go to every viewer whose role may read the table, as Supabase sends them: the
 * row is gone, so there is nothing left to check a row filter against, and what leaks to
 * a viewer who could not see it is a random id and the fact that it was deleted.
 * Channels close when their app stops, their member's access changes or their token
 * expires.
 */
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { schemaNameOrNull } from "@plinth/provision";
import type { Pool } from "pg";
import { type WebSocket, WebSocketServer } from "ws";
import type { AppUserClaims, TokenService } from "../auth/tokens.js";
import type { Logger } from "../observability/logger.js";
import type { AppDirectory, DirectoryEntry } from "../rest/app-directory.js";
import { type Change, ChangeFeed, type Listen } from "./change-feed.js";
import { Gate } from "./gate.js";
import {
  decodeMessage,
  encodeMessage,
  type PhoenixMessage,
  type ProtocolVersion,
  protocolVersionOf,
  reply,
} from "./phoenix.js";
import { parseSubscriptions, rowMatches, type Subscription, SubscriptionError, wantsEvent } from "./subscriptions.js";
import { maySelect, type Row, visibleRows } from "./visible-rows.js";

export const REALTIME_PATH = "/realtime/v1/websocket";
const MAX_MESSAGE_BYTES = 64 * 1024;
const MAX_CHANNELS_PER_CONNECTION = 100;
/** Clients send a heartbeat every 25 s; a connection silent for longer than this is gone. */
const SILENT_CONNECTION_MS = 90_000;
/** A connection following nothing for this long is closed (supabase-js leaves on its own sooner). */
const IDLE_CONNECTION_MS = 120_000;
/** Each join costs token checks and database reads: a connection may try this many per window. */
const JOINS_PER_WINDOW = 30;
const JOIN_WINDOW_MS = 10_000;

const PG_TYPES: Record<string, string> = {
  uuid: "uuid",
  text: "text",
  integer: "int4",
  "double precision": "float8",
  boolean: "bool",
  date: "date",
  timestamptz: "timestamptz",
  jsonb: "jsonb",
};

export interface RealtimeDeps {
  /** Privileged connections: installing the change triggers. */
  pool: Pool;
  /** The data API's connections: every re-read runs as the viewer's role on one of them. */
  restPool: Pool;
  /** How the server hears committed changes; without it, joins that ask for changes are refused. */
  listen?: Listen;
  tokens: TokenService;
  directory: AppDirectory;
  statementTimeoutMs: number;
  /** Re-reads running at once on the data API's pool. */
  readConcurrency: number;
  /** How often joined channels are checked against their app's state and their member's access. */
  revalidateMs: number;
  log: Logger;
}

interface Channel {
  topic: string;
  joinRef: string | null;
  entry: DirectoryEntry;
  token: string;
  claims: AppUserClaims;
  subscriptions: Subscription[];
}

class Connection {
  readonly channels = new Map<string, Channel>();
  lastSeen = Date.now();
  /** Since when the connection follows nothing. */
  idleSince: number | null = Date.now();
  #joins: number[] = [];

  /** Whether another join fits in the window (and counts it). */
  mayJoin(now: number): boolean {
    this.#joins = this.#joins.filter((at) => now - at < JOIN_WINDOW_MS);
    if (this.#joins.length >= JOINS_PER_WINDOW) return false;
    this.#joins.push(now);
    return true;
  }

  constructor(
    readonly socket: WebSocket,
    readonly vsn: ProtocolVersion,
    /** The `apikey` query parameter, used as the token when a join carries none. */
    readonly apikey: string | null,
  ) {}

  send(message: PhoenixMessage): void {
    if (this.socket.readyState === this.socket.OPEN) this.socket.send(encodeMessage(this.vsn, message));
  }

  /** Tells the client why, then closes the channel so it does not rejoin. */
  close(channel: Channel, why: string): void {
    this.channels.delete(channel.topic);
    const base = { joinRef: channel.joinRef, ref: null, topic: channel.topic };
    this.send({
      ...base,
      event: "system",
      payload: { extension: "system", status: "error", message: why, channel: subtopic(channel.topic) },
    });
    this.send({ ...base, event: "phx_close", payload: {} });
  }
}

const subtopic = (topic: string) => topic.replace(/^realtime:/, "");

class JoinRefused extends Error {}

export class RealtimeServer {
  readonly #wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  readonly #connections = new Set<Connection>();
  readonly #feed: ChangeFeed | undefined;
  readonly #reads: Gate;
  #nextSubscriptionId = 1;
  /** Each app's changes go out one after another, in commit order; one busy app does not hold up another. */
  readonly #dispatching = new Map<string, Promise<void>>();
  #sweep: NodeJS.Timeout | undefined;

  constructor(private readonly deps: RealtimeDeps) {
    this.#reads = new Gate(deps.readConcurrency);
    const { listen } = deps;
    this.#feed = listen
      ? new ChangeFeed(
          deps.pool,
          listen,
          (change) => this.#enqueue(change),
          (err) => deps.log.error({ err }, "live updates: the change feed failed"),
        )
      : undefined;
  }

  async start(): Promise<void> {
    await this.#feed?.start();
    let sweeping = false;
    // A sweep slower than the interval (many channels, a slow database) is not started twice.
    this.#sweep = setInterval(() => {
      if (sweeping) return;
      sweeping = true;
      void this.#revalidate().finally(() => {
        sweeping = false;
      });
    }, this.deps.revalidateMs);
    this.#sweep.unref();
  }

  async close(): Promise<void> {
    clearInterval(this.#sweep);
    for (const connection of this.#connections) connection.socket.terminate();
    this.#wss.close();
    await this.#feed?.stop();
  }

  /** Takes over upgrade requests for the realtime path; returns false for any other. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    const url = new URL(request.url ?? "/", "http://localhost");
    if (url.pathname !== REALTIME_PATH) return false;
    const vsn = protocolVersionOf(url.searchParams.get("vsn"));
    if (!vsn) {
      socket.end("HTTP/1.1 400 Bad Request\r\ncontent-type: text/plain\r\n\r\nUnsupported vsn; use 1.0.0 or 2.0.0.\n");
      return true;
    }
    this.#wss.handleUpgrade(request, socket, head, (ws) => {
      const connection = new Connection(ws, vsn, url.searchParams.get("apikey"));
      this.#connections.add(connection);
      ws.on("message", (data, isBinary) => {
        connection.lastSeen = Date.now();
        if (isBinary) return;
        const message = decodeMessage(vsn, data.toString());
        if (message) void this.#receive(connection, message);
      });
      ws.on("close", () => this.#connections.delete(connection));
      ws.on("error", () => ws.terminate());
    });
    return true;
  }

  async #receive(connection: Connection, message: PhoenixMessage): Promise<void> {
    try {
      if (message.topic === "phoenix" && message.event === "heartbeat") {
        connection.send(reply(message, "ok", {}));
      } else if (message.event === "phx_join") {
        await this.#join(connection, message);
      } else if (message.event === "phx_leave") {
        connection.channels.delete(message.topic);
        connection.send(reply(message, "ok", {}));
      } else if (message.event === "access_token") {
        await this.#renewToken(connection, message);
      } else if (message.ref !== null) {
        connection.send(
          reply(message, "error", {
            reason: `"${message.event}" is not supported here; Plinth's realtime serves postgres_changes only.`,
          }),
        );
      }
    } catch (err) {
      this.deps.log.error({ err }, "live updates: a message could not be handled");
      connection.send(reply(message, "error", { reason: "The server could not handle this message; try again." }));
    }
  }

  async #join(connection: Connection, message: PhoenixMessage): Promise<void> {
    if (!connection.mayJoin(Date.now())) {
      connection.send(
        reply(message, "error", {
          reason: `Too many joins: one connection may join ${JOINS_PER_WINDOW} times in ${JOIN_WINDOW_MS / 1000} s; wait and join again.`,
        }),
      );
      return;
    }
    if (!connection.channels.has(message.topic) && connection.channels.size >= MAX_CHANNELS_PER_CONNECTION) {
      connection.send(
        reply(message, "error", {
          reason: `One connection may join at most ${MAX_CHANNELS_PER_CONNECTION} channels; leave some first.`,
        }),
      );
      return;
    }
    try {
      const token = typeof message.payload.access_token === "string" ? message.payload.access_token : connection.apikey;
      const { claims, entry } = await this.#admit(token);
      const config = (message.payload.config ?? {}) as Record<string, unknown>;
      const subscriptions = parseSubscriptions(
        config.postgres_changes,
        entry.schema,
        entry.model,
        () => this.#nextSubscriptionId++,
      );
      if (subscriptions.length > 0 && !this.#feed) {
        throw new JoinRefused("This server was started without live updates, so changes show on reload.");
      }
      for (const table of new Set(subscriptions.map((s) => s.table))) {
        if (!(await maySelect(this.deps.restPool, { appId: entry.appId, claims }, { schema: entry.schema, table }))) {
          throw new JoinRefused(`Your role may not read the table "${table}", so it cannot follow its changes.`);
        }
        await this.#feed?.watch(entry.schema, table);
      }
      connection.channels.set(message.topic, {
        topic: message.topic,
        joinRef: message.joinRef,
        entry,
        token: token ?? "",
        claims,
        subscriptions,
      });
      connection.send(
        reply(message, "ok", {
          postgres_changes: subscriptions.map((s) => ({
            id: s.id,
            event: s.event,
            schema: s.schema,
            table: s.table,
            ...(s.filterText !== undefined && { filter: s.filterText }),
          })),
        }),
      );
      if (subscriptions.length > 0) {
        connection.send({
          joinRef: message.joinRef,
          ref: null,
          topic: message.topic,
          event: "system",
          payload: {
            extension: "postgres_changes",
            status: "ok",
            message: "Subscribed to PostgreSQL",
            channel: subtopic(message.topic),
          },
        });
      }
    } catch (error) {
      if (!(error instanceof JoinRefused || error instanceof SubscriptionError)) throw error;
      connection.channels.delete(message.topic);
      connection.send(reply(message, "error", { reason: error.message }));
    }
  }

  /** The token's claims and its app, if it still may act there as the token says. */
  async #admit(token: string | null): Promise<{ claims: AppUserClaims; entry: DirectoryEntry }> {
    if (!token) {
      throw new JoinRefused("Sign in to the app and send its token as the channel's access_token.");
    }
    const claims = await this.deps.tokens.verifyAppUser(token).catch(() => null);
    if (!claims) {
      throw new JoinRefused("The access token is expired or was not issued by this Plinth server; sign in again.");
    }
    const entry = await this.deps.directory.bySchema(schemaNameOrNull(claims.app_id) ?? "");
    if (!entry) throw new JoinRefused("The app this token was issued for no longer exists.");
    if (!entry.running) throw new JoinRefused("This app is stopped; ask its owner to start it again.");
    if (!(await this.deps.directory.holdsCurrentAccess(entry, claims))) {
      throw new JoinRefused("Your access to this app has changed since you signed in; sign in again.");
    }
    return { claims, entry };
  }

  async #renewToken(connection: Connection, message: PhoenixMessage): Promise<void> {
    const channel = connection.channels.get(message.topic);
    const token = message.payload.access_token;
    if (!channel || typeof token !== "string" || token === channel.token) return;
    try {
      const { claims, entry } = await this.#admit(token);
      if (entry.appId !== channel.entry.appId || claims.sub !== channel.claims.sub) {
        throw new JoinRefused("The new access token is for another app or user; join the channel again with it.");
      }
      Object.assign(channel, { token, claims, entry });
    } catch (error) {
      if (!(error instanceof JoinRefused)) throw error;
      connection.close(channel, error.message);
    }
  }

  /** Closes channels whose app stopped, whose member's access changed or whose token expired, and silent connections. */
  async #revalidate(): Promise<void> {
    const now = Date.now();
    for (const connection of this.#connections) {
      if (connection.channels.size > 0) connection.idleSince = null;
      else connection.idleSince ??= now;
      const idle = connection.idleSince !== null && now - connection.idleSince > IDLE_CONNECTION_MS;
      if (idle || now - connection.lastSeen > SILENT_CONNECTION_MS) {
        connection.socket.terminate();
        continue;
      }
      for (const channel of [...connection.channels.values()]) {
        try {
          const { entry } = await this.#admit(channel.token);
          const gone = channel.subscriptions.find((s) => !entry.model.tables.some((t) => t.name === s.table));
          if (gone) throw new JoinRefused(`The table "${gone.table}" is no longer part of this app.`);
          // The blueprint may have changed (a refine): changes are described by the running one.
          channel.entry = entry;
        } catch (error) {
          if (error instanceof JoinRefused) connection.close(channel, error.message);
          else this.deps.log.error({ err: error }, "live updates: checking a channel failed");
        }
      }
    }
  }

  #enqueue(change: Change): void {
    const previous = this.#dispatching.get(change.schema) ?? Promise.resolve();
    const next = previous
      .then(() => this.#dispatch(change))
      .catch((err) => this.deps.log.error({ err }, "live updates: a change was not sent"))
      .finally(() => {
        if (this.#dispatching.get(change.schema) === next) this.#dispatching.delete(change.schema);
      });
    this.#dispatching.set(change.schema, next);
  }

  async #dispatch(change: Change): Promise<void> {
    const listeners: { connection: Connection; channel: Channel; subscriptions: Subscription[] }[] = [];
    for (const connection of this.#connections) {
      for (const channel of connection.channels.values()) {
        if (channel.entry.schema !== change.schema) continue;
        const subscriptions = channel.subscriptions.filter(
          (s) => s.table === change.table && wantsEvent(s, change.type),
        );
        if (subscriptions.length > 0) listeners.push({ connection, channel, subscriptions });
      }
    }
    if (listeners.length === 0) return;
    if (change.type === "DELETE") {
      for (const id of change.ids) {
        for (const listener of listeners) this.#send(listener, change, { id }, null);
      }
      return;
    }
    // One read per viewer, however many tabs or channels they follow the table in.
    const byViewer = new Map<string, typeof listeners>();
    for (const listener of listeners) {
      const { claims } = listener.channel;
      const key = JSON.stringify([claims.sub, claims.app_role, [...claims.team_ids].sort()]);
      byViewer.set(key, [...(byViewer.get(key) ?? []), listener]);
    }
    await Promise.all(
      [...byViewer.values()].map(async (group) => {
        const first = group[0];
        if (!first) return;
        let rows: Row[];
        try {
          rows = await this.#reads.run(() =>
            visibleRows(
              this.deps.restPool,
              { appId: first.channel.entry.appId, claims: first.channel.claims },
              { schema: change.schema, table: change.table, ids: change.ids },
              this.deps.statementTimeoutMs,
            ),
          );
        } catch (err) {
          // A stopped app's roles lost USAGE on its schema; the next check closes the channels.
          this.deps.log.warn({ err }, "live updates: re-reading changed rows failed");
          return;
        }
        for (const row of rows) {
          for (const listener of group) this.#send(listener, change, row, { id: row.id });
        }
      }),
    );
  }

  #send(
    listener: { connection: Connection; channel: Channel; subscriptions: Subscription[] },
    change: Change,
    row: Row,
    oldKey: Row | null,
  ): void {
    const ids = listener.subscriptions
      .filter((s) => (change.type === "DELETE" ? deleteMatches(s, row) : rowMatches(s.filter, row)))
      .map((s) => s.id);
    if (ids.length === 0) return;
    const table = listener.channel.entry.model.tables.find((t) => t.name === change.table);
    const columns = (table?.columns ?? []).map((c) => ({ name: c.name, type: PG_TYPES[c.pgType] ?? "text" }));
    const data: Record<string, unknown> = {
      schema: change.schema,
      table: change.table,
      commit_timestamp: change.committedAt,
      type: change.type,
      columns,
      errors: null,
    };
    if (change.type === "DELETE") data.old_record = row;
    else {
      data.record = row;
      if (oldKey && change.type === "UPDATE") data.old_record = oldKey;
    }
    const { channel, connection } = listener;
    connection.send({
      joinRef: channel.joinRef,
      ref: null,
      topic: channel.topic,
      event: "postgres_changes",
      payload: { ids, data },
    });
  }
}

/**
 * A deleted row's values are gone, so only a filter on its primary key can be checked;
 * filters on other columns do not receive deletes (Supabase: "delete events are not filterable").
 */
function deleteMatches(subscription: Subscription, key: Row): boolean {
  if (!subscription.filter) return true;
  return subscription.filter.column === "id" && rowMatches(subscription.filter, key);
}
