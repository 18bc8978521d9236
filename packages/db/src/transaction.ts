/**
 * Transactions on a pool or a client the caller holds: the one way Plinth runs several
 * statements atomically.
 */
import type { Socket } from "node:net";
import type { Pool, PoolClient, QueryResult, QueryResultRow } from "pg";
import { runWithSettings, SettingsRefused } from "./implicit-transaction.js";
import { preparedName, preparedStatementLost } from "./prepared.js";
import { quoteLiteral } from "./sql-text.js";

/** Where statements run: a pool (a client is borrowed) or a client the caller holds. */
export type Database = Pool | PoolClient;

export async function withClient<T>(db: Database, fn: (client: PoolClient) => Promise<T>): Promise<T> {
  if (typeof (db as PoolClient).release === "function") return fn(db as PoolClient);
  const client = await (db as Pool).connect();
  try {
    return await fn(client);
  } finally {
    client.release();
  }
}

export interface TransactionOptions {
  readOnly?: boolean;
  statementTimeoutMs?: number;
  lockTimeoutMs?: number;
  /** Transaction-local settings (set_config(name, value, true)), applied in the same round trip as BEGIN. */
  settings?: Record<string, string>;
}

/** How a transaction may end early, in the same round trip as its last statement. */
export interface TransactionEnd {
  /**
   * Runs the transaction's last statement with COMMIT right behind it: on a pipelining
   * connection (a pool opened with `pipeline: true`) both are written at once, so the
   * answer and the commit cost one round trip. A failing statement makes that COMMIT a
   * rollback. Nothing may run in the transaction afterwards.
   */
  commitWith<R extends QueryResultRow = Record<string, unknown>>(
    text: string,
    values: unknown[],
    /** The statement's prepared name on this connection (prepared.ts), if it has one. */
    name?: string,
  ): Promise<QueryResult<R>>;
}

/**
 * Holds the connection's writes until this turn of the event loop has handled what it
 * read (Node's cork/uncork idiom, uncorked at setImmediate), so the setup and the
 * statements written right behind it leave in one packet, not one system call each;
 * and the transactions of the other requests that arrived in the same turn and share
 * this connection (the data API's one-shot reads) leave in that same packet. A write
 * is a system call that costs more than the API's own work on a small read.
 */
function writeTogether(client: PoolClient): void {
  // pg keeps its socket on the client's connection; its own Query corks it the same way.
  const stream = (client as PoolClient & { connection?: { stream?: Partial<Socket> } }).connection?.stream;
  if (!stream?.cork || !stream.uncork) return;
  stream.cork();
  setImmediate(() => stream.uncork?.());
}

/** Whether the connection writes statements without waiting for earlier answers (pg's pipeline mode). */
function pipelines(client: PoolClient): boolean {
  return (client as PoolClient & { pipeline?: boolean }).pipeline === true;
}

/** Every setting the transaction makes, its timeouts included. */
function settingsOf(options: TransactionOptions): Record<string, string> {
  const settings: Record<string, string> = { ...options.settings };
  if (options.statementTimeoutMs !== undefined) settings.statement_timeout = `${options.statementTimeoutMs}ms`;
  if (options.lockTimeoutMs !== undefined) settings.lock_timeout = `${options.lockTimeoutMs}ms`;
  return settings;
}

/**
 * Runs `fn` in one transaction: committed when it returns, rolled back when it throws.
 * BEGIN and every setting go to the server as one statement batch: this is on the data
 * API's hot path, where each round trip counts. On a pipelining connection that batch is
 * not even waited for: it goes out together with `fn`'s first statement, and a setup
 * failure (which makes the statements after it fail too) is reported as the
 * TransactionSetupError it is. Values are quoted literals, never SQL.
 */
export async function inTransaction<T>(
  db: Database,
  options: TransactionOptions,
  fn: (client: PoolClient, end: TransactionEnd) => Promise<T>,
): Promise<T> {
  const calls = Object.entries(settingsOf(options)).map(
    ([name, value]) => `set_config(${quoteLiteral(name)}, ${quoteLiteral(value)}, true)`,
  );
  const begin = options.readOnly ? "begin read only" : "begin";
  return withClient(db, async (client) => {
    const pipelined = pipelines(client);
    if (pipelined) writeTogether(client);
    const setup: Promise<Error | null> = client
      .query(calls.length > 0 ? `${begin}; select ${calls.join(", ")}` : begin)
      .then(
        () => null,
        (error: Error) => error,
      );
    const setupFailed = async (): Promise<TransactionSetupError | null> => {
      const error = await setup;
      return error ? new TransactionSetupError(error.message, { cause: error }) : null;
    };
    if (!pipelined) {
      const failure = await setupFailed();
      if (failure) {
        await client.query("rollback").catch(() => undefined);
        throw failure;
      }
    }
    let ended = false;
    const end: TransactionEnd = {
      async commitWith(text, values, name) {
        const query = name ? { name, text, values } : { text, values };
        if (!pipelined) {
          const result = await client.query(query);
          await client.query("commit");
          ended = true;
          return result;
        }
        const statement = client.query(query);
        const commit = client.query("commit");
        ended = true;
        const [answer, committed] = await Promise.allSettled([statement, commit]);
        if (answer.status === "rejected") throw answer.reason;
        if (committed.status === "rejected") throw committed.reason;
        return answer.value as never;
      },
    };
    try {
      const result = await fn(client, end);
      const failure = await setupFailed();
      if (failure) throw failure;
      if (!ended) await client.query("commit");
      return result;
    } catch (error) {
      if (!ended) await client.query("rollback").catch(() => undefined);
      // The statements after a failed setup fail only because of it: report the cause.
      throw (await setupFailed()) ?? error;
    }
  });
}

/**
 * One statement in a transaction of its own, written whole, nothing written after the
 * first answer: transactions of several callers written this way on one connection
 * follow each other without ever overlapping, which is what lets the data API's one-shot
 * reads share a connection. On a pipelining connection the settings and the statement
 * are one implicit transaction (implicit-transaction.ts): one round trip, one query for
 * pg to handle. Elsewhere BEGIN with the settings, the statement and COMMIT. With
 * `prepare`, the statement runs prepared on the connection where it may hold one more
 * (prepared.ts).
 */
export async function singleStatementTransaction<R extends QueryResultRow = Record<string, unknown>>(
  client: PoolClient,
  options: TransactionOptions,
  text: string,
  values: unknown[],
  prepare = false,
): Promise<QueryResult<R>> {
  const run = pipelines(client)
    ? (name?: string) => implicitTransaction<R>(client, options, { name, text, values })
    : (name?: string) => inTransaction(client, options, (_client, end) => end.commitWith<R>(text, values, name));
  const name = prepare ? preparedName(client, text) : undefined;
  if (!name) return run();
  try {
    return await run(name);
  } catch (error) {
    // The statement did not run (nor did anything else of its transaction): run it as it is.
    if (preparedStatementLost(error)) return run();
    throw error;
  }
}

async function implicitTransaction<R extends QueryResultRow>(
  client: PoolClient,
  options: TransactionOptions,
  statement: { name?: string; text: string; values: unknown[] },
): Promise<QueryResult<R>> {
  const settings = settingsOf(options);
  if (options.readOnly) settings.transaction_read_only = "on";
  writeTogether(client);
  try {
    return await runWithSettings<R>(client, settings, statement);
  } catch (error) {
    if (error instanceof SettingsRefused) throw new TransactionSetupError(error.message, { cause: error.cause });
    throw error;
  }
}

/** BEGIN or one of the transaction's settings failed (e.g. a role that does not exist); nothing ran. */
export class TransactionSetupError extends Error {
  override name = "TransactionSetupError";
}
