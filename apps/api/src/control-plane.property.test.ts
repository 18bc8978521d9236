/**
 * Hostile input at every control-plane route (/api/*, as listed in the OpenAPI
 * description): NUL characters, numbers past Postgres' int range, wrong types, deeply
 * nested JSON, unknown ids, signed in or not. Whatever is sent, the answer is never a
 * 5xx, and the inputs that used to be one get a 4xx that says what to fix.
 */
import { roleName } from "@plinth/provision";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { exampleAppForFile, testPlinthForFile } from "./testing/per-file.js";
import { ApiClient } from "./testing/test-plinth.js";

let routes: { method: string; path: string }[];
const t = testPlinthForFile();
const app = exampleAppForFile(t, "crm");
beforeAll(async () => {
  const docs = await new ApiClient(t.url).call<{ paths: Record<string, Record<string, unknown>> }>(
    "GET",
    "/api/docs/json",
  );
  routes = Object.entries(docs.body.paths)
    .filter(([path]) => path.startsWith("/api/"))
    .flatMap(([path, methods]) => Object.keys(methods).map((method) => ({ method: method.toUpperCase(), path })));
}, 120_000);

const NUL = "\u0000";

describe("input that used to answer 500", () => {
  it("is refused with a 4xx that says what to fix", async () => {
    const api = app.founder;
    const cases: [string, string, unknown, number, RegExp][] = [
      ["POST", "/api/apps/generate", { prompt: `A CRM${NUL} for sales`, model: "offline" }, 400, /body\.prompt/],
      [
        "POST",
        `/api/apps/${app.id}/refine`,
        { instruction: `add a${NUL} field`, model: "offline" },
        400,
        /body\.instruction/,
      ],
      ["GET", `/api/runtime/${encodeURIComponent(`crm${NUL}`)}`, undefined, 400, /path\.slug/],
      ["POST", `/api/apps/${app.id}/blueprints/99999999999/restore`, {}, 400, /version is at most 2147483647/],
      ["GET", `/api/apps/${app.id}/blueprints/99999999999`, undefined, 400, /version/],
    ];
    for (const [method, path, body, status, message] of cases) {
      const res = await api.call<{ error: { message: string } }>(method, path, body);
      expect(res.status, `${method} ${path}`).toBe(status);
      expect(res.body.error.message, `${method} ${path}`).toMatch(message);
    }
    const signUp = await new ApiClient(t.url).call<{ error: { message: string } }>("POST", "/api/auth/sign-up", {
      email: `nul-${crypto.randomUUID().slice(0, 8)}@example.com`,
      password: "correct horse battery",
      display_name: `Ada${NUL}`,
    });
    expect(signUp.status).toBe(400);
    expect(signUp.body.error.message).toBe("body.display_name contains a NUL character (\\u0000); remove it.");
  });
});

describe("concurrent stop and start of one app", () => {
  it("runs one at a time: the others are told the app is busy, and the app ends as it says", async () => {
    const api = app.founder;
    const answers: { status: number; body: { error?: { message: string }; app?: { status: string } } }[] = [];
    for (let round = 0; round < 15; round++) {
      answers.push(
        ...(await Promise.all(
          ["stop", "start", "stop", "start", "stop", "start", "stop", "start"].map((action) =>
            api.call<{ error?: { message: string }; app?: { status: string } }>(
              "POST",
              `/api/apps/${app.id}/${action}`,
            ),
          ),
        )),
      );
    }
    expect(answers.filter((a) => a.status === 409).length).toBeGreaterThan(0);
    for (const answer of answers) {
      expect([200, 409]).toContain(answer.status);
      if (answer.status === 409) expect(answer.body.error?.message).toMatch(/already starting, stopping/);
    }
    const { body } = await api.call<{ app: { status: string } }>("GET", `/api/apps/${app.id}`);
    const { rows } = await t.plinth.database.pool.query<{ usage: boolean }>(
      "select has_schema_privilege($1, $2, 'USAGE') as usage",
      [roleName(app.id, app.blueprint.security.roles[0]?.name as string), app.schema],
    );
    expect(rows[0]?.usage).toBe(body.app.status === "RUNNING");
    await api.call("POST", `/api/apps/${app.id}/start`);
  }, 60_000);
});

const hostileString = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.string({ maxLength: 6 }).map((s) => `${s}${NUL}${s}`),
  fc.constantFrom("", " ", "'", '"', "\\", "%00", "..", "1e309", "-1", "0", "99999999999", "latest", "NaN"),
);
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  fc.integer(),
  fc.constantFrom(2 ** 31, 2 ** 53, -(2 ** 63), 1e308, 0.5, true, false, null),
  fc.array(hostileString, { maxLength: 3 }),
  fc.dictionary(hostileString, hostileString, { maxKeys: 3 }),
);
const FIELDS = [
  "prompt",
  "model",
  "instruction",
  "proposal_id",
  "confirm_destructive",
  "email",
  "password",
  "display_name",
  "role",
  "team_ids",
  "invite",
];
const knownFields = fc
  .uniqueArray(fc.constantFrom(...FIELDS), { maxLength: 5 })
  .chain((keys) => fc.tuple(...keys.map((key) => hostileValue.map((value) => [key, value] as const))))
  .map((pairs) => Object.fromEntries(pairs));
const deepJson = fc
  .integer({ min: 1_000, max: 50_000 })
  .map((depth) => `{"a":${"[".repeat(depth)}${"]".repeat(depth)}}`);
const body = fc.oneof(
  { weight: 5, arbitrary: knownFields },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: deepJson },
  { weight: 1, arbitrary: fc.constantFrom(undefined, "{not json", "[]", "null", '"text"') },
);

function pathValue(name: string): fc.Arbitrary<string> {
  const known: Record<string, string[]> = {
    id: [app.id, crypto.randomUUID()],
    slug: [app.slug, "no-such-app"],
    version: ["latest", "1", "2"],
    email: ["someone@example.com"],
  };
  return fc.oneof(fc.constantFrom(...(known[name] ?? ["x"])), hostileString);
}

describe("every control-plane route", () => {
  it("never answers a 5xx, whatever is sent", async () => {
    const route = fc.constantFrom(...routes).chain(({ method, path }) => {
      const names = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string);
      return fc.record({
        method: fc.constant(method),
        path: fc
          .tuple(...names.map(pathValue))
          .map((values) =>
            names.reduce((p, name, i) => p.replace(`{${name}}`, encodeURIComponent(values[i] as string)), path),
          ),
        body: method === "GET" || method === "DELETE" ? fc.constant(undefined) : body,
        signedIn: fc.boolean(),
      });
    });
    const anonymous = new ApiClient(t.url);
    await fc.assert(
      fc.asyncProperty(route, async (request) => {
        // Deleting the example app would leave the rest of the run nothing real to aim at.
        if (request.method === "DELETE" && request.path === `/api/apps/${app.id}`) return;
        const client = request.signedIn ? app.founder : anonymous;
        const res = await client.call<{ error?: { code?: string } }>(request.method, request.path, request.body);
        // A random stop is a real request too; afterwards "this app is stopped" is the right answer, not a failure.
        const stoppedApp = res.status === 503 && res.body?.error?.code === "app_stopped";
        expect(
          stoppedApp ? 200 : res.status,
          `${request.method} ${request.path} ${JSON.stringify(request.body)?.slice(0, 200)}`,
        ).toBeLessThan(500);
      }),
      { numRuns: 150 },
    );
  }, 300_000);
});
