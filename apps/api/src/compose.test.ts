/**
 * docker-compose.yml is read by anyone who clones Plinth: a secret with a default in it
 * is a secret everyone knows, so compose must refuse to start until the user sets it.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const compose = readFileSync(new URL("../../../docker-compose.yml", import.meta.url), "utf8");
const SECRETS = ["PLINTH_JWT_SECRET", "POSTGRES_PASSWORD", "PLINTH_AUTHENTICATOR_PASSWORD", "MINIO_ROOT_PASSWORD"];

describe("docker-compose.yml", () => {
  it.each(SECRETS)("requires %s to be set, with no default", (name) => {
    const uses = [...compose.matchAll(new RegExp(`\\$\\{${name}([^}]*)\\}`, "g"))].map((m) => m[1]);
    expect(uses.length).toBeGreaterThan(0);
    for (const use of uses) expect(use).toMatch(/^:\?set .+ see README/);
  });

  it("writes no secret value into the file", () => {
    expect(compose).not.toMatch(/POSTGRES_PASSWORD:\s*\w+\s*$/m);
    expect(compose).not.toMatch(/change-me/i);
  });

  it("does not publish Postgres or MinIO on the host", () => {
    expect(compose).not.toMatch(/:5432"/);
    expect(compose).not.toMatch(/:900[01]"/);
  });
});
