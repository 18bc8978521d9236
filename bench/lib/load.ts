/**
 * HTTP load for the benchmarks: autocannon in a child process (bench/lib/load-child.ts),
 * so generating requests never takes the measured server's event loop.
 */
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { childResult } from "./child.js";
import { percentile } from "./results.js";

const LOAD_CHILD = fileURLToPath(new URL("./load-child.ts", import.meta.url));

export interface LoadSpec {
  url: string;
  connections: number;
  seconds: number;
  method: "GET" | "POST";
  /** Sent with every request. */
  headers: Record<string, string>;
  /** Each request takes the next of these in turn, with its own headers added to `headers`. */
  requests: { path: string; headers?: Record<string, string> }[];
  body?: string;
  /** Requests per second across all connections; as fast as possible when unset. */
  overallRate?: number;
}

export interface LoadResult {
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  requests: number;
  /** Answers of 400 and up, connection errors and timeouts. */
  failures: number;
  /** Responses by status, e.g. {"200": 812, "429": 40}. */
  statuses: Record<string, number>;
}

/** Runs `spec` in a fresh child process and resolves with what it measured. */
export function load(spec: LoadSpec): Promise<LoadResult> {
  return childResult<LoadResult>(LOAD_CHILD, "--load", spec);
}

/** `paths` in turn, with no headers of their own. */
export function eachPath(paths: readonly string[]): LoadSpec["requests"] {
  return paths.map((path) => ({ path }));
}

/** autocannon in this process: what the child runs. */
export async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  let next = 0;
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let failures = 0;
  const options: autocannon.Options = {
    url: spec.url,
    connections: spec.connections,
    duration: spec.seconds,
    timeout: 30,
    ...(spec.overallRate !== undefined && { overallRate: spec.overallRate }),
    requests: [
      {
        method: spec.method,
        headers: spec.headers,
        ...(spec.body !== undefined && { body: spec.body }),
        setupRequest: (request) => {
          const chosen = spec.requests[next++ % spec.requests.length] as LoadSpec["requests"][number];
          if (chosen.headers)
            return { ...request, path: chosen.path, headers: { ...request.headers, ...chosen.headers } };
          request.path = chosen.path;
          return request;
        },
      },
    ],
  };
  let instance: autocannon.Instance | undefined;
  const finished = new Promise<autocannon.Result>((resolve, reject) => {
    instance = autocannon(options, (error, result) => (error ? reject(error) : resolve(result)));
  });
  instance?.on("response", (_client, status, _bytes, responseTime) => {
    latencies.push(responseTime);
    statuses[status] = (statuses[status] ?? 0) + 1;
    if (status >= 400) failures++;
  });
  const result = await finished;
  failures += result.errors + result.timeouts;
  return {
    rps: latencies.length / spec.seconds,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    requests: result.requests.total,
    failures,
    statuses,
  };
}
