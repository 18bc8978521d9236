/**
 * A benchmark's helpers run in processes of their own (load generators, ceilings,
 * viewers), so their work never shares the measured server's event loop. Each is a
 * file run with a mode flag that reads its spec as JSON on stdin.
 */
import { type ChildProcessByStdio, spawn } from "node:child_process";
import type { Readable, Writable } from "node:stream";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** `file` (a path) run with `mode` under tsx from the workspace root; the caller writes its spec to stdin. */
export function spawnChild(file: string, mode: string): ChildProcessByStdio<Writable, Readable, null> {
  return spawn(process.execPath, ["--import", "tsx", file, mode], { cwd: ROOT, stdio: ["pipe", "pipe", "inherit"] });
}

/** Runs `file` in `mode` with `spec`; `onOutput` sees everything it printed so far, each time it prints. */
function startChild(file: string, mode: string, spec: unknown, onOutput: (out: string) => void) {
  const proc = spawnChild(file, mode);
  proc.stdin.end(JSON.stringify(spec));
  let out = "";
  proc.stdout.on("data", (chunk) => {
    out += chunk;
    onOutput(out);
  });
  return proc;
}

/** Runs `file` in `mode` with `spec` and resolves with the JSON line it prints last. */
export function childResult<T>(file: string, mode: string, spec: unknown): Promise<T> {
  return new Promise((resolve, reject) => {
    let printed = "";
    const proc = startChild(file, mode, spec, (out) => {
      printed = out;
    });
    proc.on("exit", (code) =>
      code === 0
        ? resolve(JSON.parse(printed.trim().split("\n").at(-1) as string))
        : reject(new Error(`${file} ${mode} exited ${code}`)),
    );
  });
}

/** Runs `file` in `mode` with `spec` until stopped; resolves with the first JSON line it prints (e.g. its URL). */
export function childServing<T>(file: string, mode: string, spec: unknown): Promise<{ value: T; stop: () => void }> {
  return new Promise((resolve, reject) => {
    const proc = startChild(file, mode, spec, (out) => {
      const line = out.split("\n").find((l) => l.startsWith("{"));
      if (line) resolve({ value: JSON.parse(line) as T, stop: () => proc.kill() });
    });
    proc.on("exit", (code) => reject(new Error(`${file} ${mode} exited ${code} before serving`)));
  });
}

/** The child's whole stdin. */
export async function readStdin(): Promise<string> {
  let text = "";
  for await (const chunk of process.stdin) text += chunk;
  return text;
}
