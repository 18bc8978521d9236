/**
 * /metrics in Prometheus' text format: every route's rate and latency, the data API's
 * per app, the database pools, the generation jobs and the process itself. Requests
 * are observed from outside the routes (an onResponse hook), so a route only has to
 * say which app a data-API request was for.
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { Pool } from "pg";
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import { registerJobMetrics } from "./job-metrics.js";
import { metricsRefusal } from "./metrics-access.js";

declare module "fastify" {
  interface FastifyRequest {
    /** The app a /rest/v1 request was authorized for; set by the data API's route, read by the metrics. */
    dataApiAppId: string | null;
  }
}

export interface MetricsDeps {
  /** The control plane's pool, also used to read the job table at scrape time. */
  controlPool: Pool;
  restPool: Pool;
  /** False on the embedded database, whose local port changes every start. */
  externalDatabase: boolean;
  /** When set, /metrics answers only requests bearing it. */
  token: string | undefined;
}

/** The database server a pool talks to, as host:port; "embedded" for the embedded database. */
export function databaseServerLabel(pool: Pool, externalDatabase: boolean): string {
  if (!externalDatabase) return "embedded";
  const { connectionString, host, port } = pool.options;
  if (connectionString) {
    const url = new URL(connectionString);
    return `${url.hostname || "localhost"}:${url.port || "5432"}`;
  }
  return `${host ?? "localhost"}:${port ?? 5432}`;
}

const statusClass = (status: number) => `${Math.floor(status / 100)}xx`;

function observeRequests(app: FastifyInstance, registry: Registry): void {
  const http = new Histogram({
    name: "plinth_http_request_duration_seconds",
    help: "Time to answer an HTTP request, by method, route pattern and status code.",
    labelNames: ["method", "route", "status_code"],
    registers: [registry],
  });
  const rest = new Histogram({
    name: "plinth_rest_request_duration_seconds",
    help: "Time to answer a data-API request, by app, method and status class.",
    labelNames: ["app", "method", "status_class"],
    registers: [registry],
  });
  const restResponses = new Counter({
    name: "plinth_rest_responses_total",
    help: "Data-API responses by app and status code; app is none when the request was refused before its app was known.",
    labelNames: ["app", "status_code"],
    registers: [registry],
  });
  // Each label set's child, looked up by one string: prom-client would hash a labels object on every request.
  const children = new Map<string, { observe(seconds: number): void }>();
  const child = (key: string, make: () => { observe(seconds: number): void }) => {
    let found = children.get(key);
    if (!found) {
      found = make();
      children.set(key, found);
    }
    return found;
  };
  app.decorateRequest("dataApiAppId", null);
  // A callback hook, not an async one: it runs on every request and needs no promise.
  app.addHook("onResponse", (request: FastifyRequest, reply, done) => {
    // The route pattern, never the URL: URLs carry ids and query strings without bound.
    const route = request.routeOptions.url ?? "unmatched";
    const seconds = reply.elapsedTime / 1000;
    const status = reply.statusCode;
    const method = request.method;
    child(`http ${method} ${route} ${status}`, () => http.labels(method, route, String(status))).observe(seconds);
    if (route.startsWith("/rest/v1/")) {
      const appId = request.dataApiAppId ?? "none";
      child(`rest ${appId} ${method} ${status}`, () => {
        const duration = rest.labels(appId, method, statusClass(status));
        const responses = restResponses.labels(appId, String(status));
        return {
          observe(value: number) {
            duration.observe(value);
            responses.inc();
          },
        };
      }).observe(seconds);
    }
    done();
  });
}

function observePools(registry: Registry, deps: MetricsDeps): void {
  const pools = [
    {
      pool: deps.controlPool,
      labels: { pool: "control", server: databaseServerLabel(deps.controlPool, deps.externalDatabase) },
    },
    {
      pool: deps.restPool,
      labels: { pool: "rest", server: databaseServerLabel(deps.restPool, deps.externalDatabase) },
    },
  ];
  const gauge = (name: string, help: string, read: (pool: Pool) => number) =>
    new Gauge({
      name,
      help,
      labelNames: ["pool", "server"],
      registers: [registry],
      collect() {
        for (const { pool, labels } of pools) this.set(labels, read(pool));
      },
    });
  gauge("plinth_db_pool_connections", "Connections the pool holds, busy or idle.", (pool) => pool.totalCount);
  gauge(
    "plinth_db_pool_idle_connections",
    "Connections the pool holds that no request is using.",
    (pool) => pool.idleCount,
  );
  gauge(
    "plinth_db_pool_waiting_requests",
    "Requests waiting for a connection because the pool is at its maximum.",
    (pool) => pool.waitingCount,
  );
}

export function registerMetrics(app: FastifyInstance, deps: MetricsDeps): void {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  observeRequests(app, registry);
  observePools(registry, deps);
  registerJobMetrics(registry, deps.controlPool, app.log);
  app.get("/metrics", { schema: { hide: true } }, async (request, reply) => {
    const refusal = metricsRefusal({ peerAddress: request.socket.remoteAddress, headers: request.headers }, deps.token);
    if (refusal) throw refusal;
    reply.header("content-type", registry.contentType);
    return registry.metrics();
  });
}
