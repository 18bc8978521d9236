/**
 * `npm run servers -- <command>`: the operator's view of the database servers apps are
 * placed on, against the control plane at DATABASE_URL.
 */
import { parseArgs } from "node:util";
import { createPool, migrate } from "@plinth/db";
import { AppMover } from "./mover.js";
import { appNamed, drainServer, listServerStatuses, registerServer } from "./operator.js";
import { ServerRegistry } from "./registry.js";
import { setServerCapacity, setServerState } from "./store.js";

const USAGE = `usage: npm run servers -- <command>
  list                                   every server: state, apps, capacity, app data size, reachable
  add <name> <postgres-url> [--rest-url <url>] [--data-api-url <url>] [--capacity <n>]
                                         registers a server (its URL's role must be able to create roles)
  capacity <name> <n>                    how many apps the server should hold
  open <name>                            the server takes new apps again
  drain <name>                           no new apps; moves every app off it, then closes it
  move <app id or slug> <server>         moves one app (writes are held for the final copy)`;

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      "rest-url": { type: "string" },
      "data-api-url": { type: "string" },
      capacity: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  const [command, ...args] = positionals;
  if (values.help || !command) return usage(values.help ? 0 : 1);
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    console.error(
      "Set DATABASE_URL to the control plane's Postgres: the embedded database is a single server and cannot hold placements.",
    );
    return 1;
  }
  const control = createPool(databaseUrl, { max: 4 });
  const servers = new ServerRegistry({
    control,
    controlRest: control,
    authenticatorPassword: process.env.PLINTH_AUTHENTICATOR_PASSWORD,
  });
  try {
    // The same control-plane migrations the API applies at start-up, so the CLI may run first.
    await migrate(control);
    switch (`${command}/${args.length}`) {
      case "list/0": {
        const rows = await listServerStatuses(control, servers);
        console.table(
          rows.map((s) => ({
            server: s.name,
            state: s.state,
            apps: s.apps,
            capacity: s.capacity,
            "app data": s.appBytes === undefined ? "?" : `${(s.appBytes / 1024 / 1024).toFixed(1)} MB`,
            reachable: s.reachable ? "yes" : `no: ${s.error}`,
          })),
        );
        return 0;
      }
      case "add/2": {
        const [name = "", ddlUrl = ""] = args;
        const capacity = values.capacity === undefined ? undefined : positiveInteger(values.capacity);
        const { version } = await registerServer(
          control,
          { name, ddlUrl, restUrl: values["rest-url"], dataApiUrl: values["data-api-url"], capacity },
          process.env.PLINTH_AUTHENTICATOR_PASSWORD,
        );
        console.log(`added server "${name}" (PostgreSQL ${version}); new apps may be placed on it now`);
        return 0;
      }
      case "capacity/2":
        await setServerCapacity(control, args[0] ?? "", positiveInteger(args[1] ?? ""));
        console.log(`server "${args[0]}" now holds up to ${args[1]} apps`);
        return 0;
      case "open/1":
        await setServerState(control, args[0] ?? "", "open");
        console.log(`server "${args[0]}" takes new apps`);
        return 0;
      case "drain/1": {
        const outcome = await drainServer(control, servers, args[0] ?? "", (moved) =>
          console.log(
            "error" in moved
              ? `  ${moved.appId}: not moved, ${moved.error}`
              : `  ${moved.appId}: moved to ${moved.to}, ${moved.rows} rows, writes held ${Math.round(moved.heldMs)} ms`,
          ),
        );
        console.log(
          outcome.closed
            ? `server "${args[0]}" is empty and closed (${outcome.moved} apps moved)`
            : `server "${args[0]}" stays draining: ${outcome.failed} app(s) could not be moved (see above); run drain again`,
        );
        return outcome.closed ? 0 : 1;
      }
      case "move/2": {
        const report = await new AppMover(control, servers).move(await appNamed(control, args[0] ?? ""), args[1] ?? "");
        console.log(
          `moved from ${report.from} to ${report.to}: ${report.rows} rows in ${report.tables.length} tables, checksums equal, writes held ${Math.round(report.heldMs)} ms, ${Math.round(report.totalMs)} ms in all`,
        );
        return 0;
      }
      default:
        return usage(1);
    }
  } catch (error) {
    console.error((error as Error).message);
    return 1;
  } finally {
    await servers.close();
    await control.end();
  }
}

function positiveInteger(text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new Error(`"${text}" is not a whole number above 0.`);
  return value;
}

function usage(code: number): number {
  (code === 0 ? console.log : console.error)(USAGE);
  return code;
}

process.exitCode = await main(process.argv.slice(2));
