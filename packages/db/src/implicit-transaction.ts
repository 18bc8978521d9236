/**
 * One statement with its transaction's settings, written as one extended-protocol batch
 * ending in a single Sync. Postgres runs every message up to a Sync in one implicit
 * transaction, so settings made with set_config(name, value, true) by the batch's first
 * statement are in force for the second and end with it: no BEGIN, no COMMIT, and pg
 * handles one query and one answer instead of three. A failure anywhere skips the rest
 * of the batch and rolls it back at the Sync, exactly as a failed BEGIN…COMMIT would.
 *
 * The settings statement is prepared once per connection under a name that says how
 * many settings it makes (names and values are both parameters). pg's own bookkeeping of
 * prepared names follows one Parse per query, so this query tracks its Parses itself.
 */
import pg, { type PoolClient, type QueryResult, type QueryResultRow } from "pg";
import { preparedStatementLost } from "./prepared.js";

/** A statement as written into the batch: prepared under `name`, or unnamed (parsed each time). */
interface Statement {
  name?: string;
  text: string;
  values: unknown[];
}

/** The part of pg's connection this query writes to; pg keeps it off its public types. */
interface Connection {
  stream: { cork?: () => void; uncork?: () => void };
  parsedStatements: Record<string, string>;
  submittedNamedStatements: Record<string, string>;
  parse(message: { name?: string; text: string }): void;
  bind(message: { statement?: string; values: unknown[] }): void;
  describe(message: { type: "P"; name: string }): void;
  execute(message: { portal: string }): void;
  sync(): void;
  on(event: "parseComplete", listener: () => void): void;
}

/** pg's Query, with the protocol handlers its public types leave out. */
interface PgQuery {
  handleDataRow(message: unknown): void;
  handleCommandComplete(message: unknown, connection: Connection): void;
  handleError(error: Error, connection: Connection): void;
}
// Constructed from a text, not a config object: pg copies a config's every property descriptor.
const Query = pg.Query as unknown as new (
  text: string,
  values: unknown[],
  callback: (error: Error | null, result: QueryResult) => void,
) => PgQuery;

const settingsStatements = new Map<number, { name: string; text: string }>();

/** The statement making `count` settings, names and values its parameters; the same text for every caller. */
function settingsStatement(count: number): { name: string; text: string } {
  let statement = settingsStatements.get(count);
  if (!statement) {
    const calls = Array.from({ length: count }, (_, i) => `set_config($${2 * i + 1}, $${2 * i + 2}, true)`);
    statement = { name: `plinth_settings_${count}`, text: `select ${calls.join(", ")}` };
    settingsStatements.set(count, statement);
  }
  return statement;
}

class SettingsThenStatement extends Query {
  /** The settings statement has completed: rows and results from now on are the statement's. */
  settingsDone = false;
  /** Names (or "" for unnamed) of the Parses written, in order: their ParseCompletes come back so. */
  readonly #parses: string[] = [];
  readonly #texts = new Map<string, string>();

  constructor(
    private readonly settings: Statement & { name: string },
    private readonly statement: Statement,
    callback: (error: Error | null, result: QueryResult) => void,
  ) {
    super(statement.text, statement.values, callback);
  }

  submit(connection: Connection): null {
    connection.stream.cork?.();
    try {
      this.#write(connection, this.settings, false);
      this.#write(connection, this.statement, true);
      connection.sync();
    } finally {
      connection.stream.uncork?.();
    }
    return null;
  }

  #write(connection: Connection, statement: Statement, describe: boolean): void {
    const name = statement.name ?? "";
    if (!name || !(name in connection.parsedStatements || name in connection.submittedNamedStatements)) {
      connection.parse({ name, text: statement.text });
      if (name) connection.submittedNamedStatements[name] = statement.text;
      this.#parses.push(name);
      this.#texts.set(name, statement.text);
    }
    connection.bind({ statement: name, values: statement.values.map(asParameter) });
    // Without Describe the server sends no row description: the settings' row is skipped unread.
    if (describe) connection.describe({ type: "P", name: "" });
    connection.execute({ portal: "" });
  }

  /** One of this query's Parses succeeded (they answer in the order written). */
  parsed(connection: Connection): void {
    const name = this.#parses.shift();
    if (!name) return;
    connection.parsedStatements[name] = this.#texts.get(name) ?? "";
    delete connection.submittedNamedStatements[name];
  }

  override handleDataRow(message: unknown): void {
    if (this.settingsDone) super.handleDataRow(message);
  }

  override handleCommandComplete(message: unknown, connection: Connection): void {
    if (this.settingsDone) super.handleCommandComplete(message, connection);
    else this.settingsDone = true;
  }

  override handleError(error: Error, connection: Connection): void {
    // The Parses not answered yet did not happen: the batch stopped before them or at one.
    for (const name of this.#parses.splice(0)) if (name) delete connection.submittedNamedStatements[name];
    // The server no longer holds the settings statement (DISCARD ALL): the next batch prepares it again.
    if (!this.settingsDone && preparedStatementLost(error)) delete connection.parsedStatements[this.settings.name];
    super.handleError(error, connection);
  }
}

const tracked = new WeakSet<object>();

/** pg attributes a ParseComplete to its active query's one name; this hands it to the query that wrote it. */
function trackParses(client: PoolClient, connection: Connection): void {
  if (tracked.has(connection)) return;
  tracked.add(connection);
  connection.on("parseComplete", () => {
    const active = (client as PoolClient & { _getActiveQuery(): unknown })._getActiveQuery();
    if (active instanceof SettingsThenStatement) active.parsed(connection);
  });
}

/** The settings statement failed (e.g. a role that does not exist): nothing of the batch ran. */
export class SettingsRefused extends Error {
  override name = "SettingsRefused";
}

/**
 * Runs `statement` with `settings` in force, in one implicit transaction written as one
 * batch. Only on a pipelining connection, where pg writes it without waiting and routes
 * its one answer back to it. A refused setting rejects with SettingsRefused (its cause the
 * server's error), anything else with the server's error as it is.
 */
export function runWithSettings<R extends QueryResultRow>(
  client: PoolClient,
  settings: Record<string, string>,
  statement: Statement,
): Promise<QueryResult<R>> {
  const connection = (client as PoolClient & { connection: Connection }).connection;
  trackParses(client, connection);
  const pairs = Object.entries(settings);
  const setup = { ...settingsStatement(pairs.length), values: pairs.flat() };
  return new Promise((resolve, reject) => {
    const query = new SettingsThenStatement(setup, statement, (error, result) => {
      if (!error) resolve(result as QueryResult<R>);
      else if (query.settingsDone || preparedStatementLost(error)) reject(error);
      else reject(new SettingsRefused(error.message, { cause: error }));
    });
    client.query(query as never);
  });
}

function asParameter(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return typeof value === "string" ? value : String(value);
}
