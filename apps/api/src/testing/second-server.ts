/**
 * A second, throwaway PostgreSQL cluster for placement tests: `initdb` into a temporary
 * folder, `pg_ctl` on a free port, trust authentication on 127.0.0.1, removed by
 * `remove()`. It uses the binaries of the PostgreSQL installed on the machine (the one
 * DATABASE_URL points at, on CI). Postgres refuses to run as root, so as root the
 * cluster belongs to the `postgres` user and its commands run through `runuser`.
 */
import { execFileSync } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "./test-plinth.js";

export interface SecondServer {
  /** The superuser's connection string (database "postgres"). */
  url: string;
  port: number;
  /** Stops the server (fast shutdown: its connections are cut), keeping its data. */
  stop(): void;
  start(): void;
  /** Stops it and deletes its data folder. */
  remove(): void;
}

/** The newest installed PostgreSQL's bin folder, or null when none is installed. */
export function postgresBinDir(): string | null {
  const root = "/usr/lib/postgresql";
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, "bin", "initdb")))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(root, versions[0], "bin") : null;
}

/** Why the two-server tests cannot run here, or null when they can. */
export function secondServerUnavailable(): string | null {
  if (!process.env.DATABASE_URL) {
    return "placement tests need two real PostgreSQL servers: set DATABASE_URL (they are skipped on the embedded database)";
  }
  // On CI they must run: startSecondServer then fails, saying what is missing.
  if (!postgresBinDir() && process.env.CI !== "true") {
    return "placement tests need PostgreSQL's initdb and pg_ctl under /usr/lib/postgresql/*/bin";
  }
  return null;
}

export async function startSecondServer(): Promise<SecondServer> {
  const bin = postgresBinDir();
  if (!bin) throw new Error("no PostgreSQL binaries under /usr/lib/postgresql/*/bin: install postgresql");
  const root = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), "plinth-second-pg-"));
  const data = join(dir, "data");
  const log = join(dir, "server.log");
  if (root) {
    const { uid, gid } = postgresUser();
    chownSync(dir, uid, gid);
    chmodSync(dir, 0o700);
  }
  const run = (command: string, args: string[]) =>
    root
      ? execFileSync("runuser", ["-u", "postgres", "--", join(bin, command), ...args], { stdio: "pipe" })
      : execFileSync(join(bin, command), args, { stdio: "pipe" });
  run("initdb", ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync", "--no-instructions"]);
  const port = await freePort();
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c max_connections=60`;
  const start = () => run("pg_ctl", ["-D", data, "-l", log, "-o", options, "-w", "-t", "60", "start"]);
  const stop = () => run("pg_ctl", ["-D", data, "-m", "fast", "-w", "stop"]);
  start();
  let running = true;
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    stop() {
      if (running) stop();
      running = false;
    },
    start() {
      if (!running) start();
      running = true;
    },
    remove() {
      try {
        if (running) stop();
      } finally {
        running = false;
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

function postgresUser(): { uid: number; gid: number } {
  const id = (flag: string) => Number(execFileSync("id", [flag, "postgres"], { encoding: "utf8" }).trim());
  try {
    return { uid: id("-u"), gid: id("-g") };
  } catch (error) {
    throw new Error("running as root needs a postgres user to own the second cluster", { cause: error });
  }
}
