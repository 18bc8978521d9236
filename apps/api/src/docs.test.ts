/**
 * /api/docs describes what every control-plane operation answers, from the same contract
 * schemas Fastify serialises responses through (@plinth/contract).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { testPlinthForFile } from "./testing/per-file.js";

interface Operation {
  responses?: Record<string, { description?: string; content?: Record<string, { schema?: unknown }> }>;
}

let operations: { name: string; operation: Operation }[];

const t = testPlinthForFile();
beforeAll(async () => {
  const docs = (await (await fetch(`${t.url}/api/docs/json`)).json()) as {
    paths: Record<string, Record<string, Operation>>;
  };
  operations = Object.entries(docs.paths)
    .filter(([path]) => path.startsWith("/api/"))
    .flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({ name: `${method.toUpperCase()} ${path}`, operation })),
    );
}, 60_000);

const schemaOf = (response: { content?: Record<string, { schema?: unknown }> } | undefined) =>
  Object.values(response?.content ?? {})[0]?.schema as { properties?: Record<string, unknown> } | undefined;

describe("the OpenAPI description at /api/docs", () => {
  it("lists the control-plane operations", () => {
    expect(operations.map((o) => o.name)).toEqual(
      expect.arrayContaining(["POST /api/auth/sign-up", "GET /api/apps/{id}", "GET /api/jobs/{id}/events"]),
    );
  });

  it("documents the success response of every operation, with a schema unless it answers 204", () => {
    const undocumented = operations.flatMap(({ name, operation }) => {
      const success = Object.entries(operation.responses ?? {}).filter(([status]) => /^2\d\d$/.test(status));
      if (success.length === 0) return [`${name}: no success response`];
      return success
        .filter(([status, response]) => status !== "204" && Object.keys(schemaOf(response) ?? {}).length === 0)
        .map(([status]) => `${name}: ${status} has no schema`);
    });
    expect(undocumented).toEqual([]);
  });

  it("documents every error an operation answers with the one error body", () => {
    const odd = operations.flatMap(({ name, operation }) =>
      Object.entries(operation.responses ?? {})
        .filter(([status]) => /^[45]\d\d$/.test(status))
        // The runtime's status screen says "not found" in its own shape, as documented.
        .filter(([status]) => !(name === "GET /api/runtime/{slug}" && status === "404"))
        .filter(([, response]) => !schemaOf(response)?.properties?.error)
        .map(([status]) => `${name}: ${status}`),
    );
    expect(odd).toEqual([]);
    const signUp = operations.find((o) => o.name === "POST /api/auth/sign-up")?.operation.responses ?? {};
    expect(Object.keys(signUp)).toEqual(expect.arrayContaining(["201", "400", "409", "429"]));
  });
});
