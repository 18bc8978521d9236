import { describe, expect, it } from "vitest";
import { loadConfig } from "./config.js";

describe("the JWT secret", () => {
  it.each([
    "change-me-to-a-long-random-secret-of-32-chars",
    "CHANGEME_CHANGEME_CHANGEME_CHANGEME_1234",
    "replace-me-with-something-random-and-long-enough",
    "super-secret-jwt-token-with-at-least-32-characters-long",
    "your-jwt-secret-goes-here-0123456789abcdef",
  ])("refuses the published placeholder %s", (secret) => {
    expect(() => loadConfig({ PLINTH_JWT_SECRET: secret })).toThrow(/PLINTH_JWT_SECRET is a published placeholder/);
  });

  it("refuses a short secret and says how long it must be", () => {
    expect(() => loadConfig({ PLINTH_JWT_SECRET: "short-but-random-Xk29" })).toThrow(/at least 32 characters/);
  });

  it("accepts a long random secret, and no secret at all (one is generated)", () => {
    expect(loadConfig({ PLINTH_JWT_SECRET: "q8Vw3nZt0rYb6pLm1sHc9dKf2gJx5aEu7iOo4" }).PLINTH_JWT_SECRET).toBeDefined();
    expect(loadConfig({}).PLINTH_JWT_SECRET).toBeUndefined();
  });
});

describe("trusted proxies and web origins", () => {
  it("trusts only loopback by default", () => {
    expect(loadConfig({}).PLINTH_TRUSTED_PROXIES).toEqual(["loopback"]);
  });

  it("reads comma-separated lists", () => {
    const config = loadConfig({
      PLINTH_TRUSTED_PROXIES: "10.0.0.1, 10.0.1.0/24",
      PLINTH_WEB_ORIGIN: "https://plinth.example.com,https://admin.example.com",
    });
    expect(config.PLINTH_TRUSTED_PROXIES).toEqual(["10.0.0.1", "10.0.1.0/24"]);
    expect(config.PLINTH_WEB_ORIGIN).toEqual(["https://plinth.example.com", "https://admin.example.com"]);
  });
});

describe("file storage", () => {
  it("keeps files in the data folder unless S3 is configured", () => {
    const config = loadConfig({});
    expect(config.PLINTH_S3_ENDPOINT).toBeUndefined();
    expect(config.PLINTH_STORAGE_MAX_FILE_BYTES).toBe(10 * 1024 * 1024);
    expect(config.PLINTH_STORAGE_FILE_TYPES).toContain("application/pdf");
  });

  it("names every S3 setting missing beside PLINTH_S3_ENDPOINT", () => {
    expect(() => loadConfig({ PLINTH_S3_ENDPOINT: "http://127.0.0.1:9000", PLINTH_S3_BUCKET: "files" })).toThrow(
      /PLINTH_S3_ACCESS_KEY_ID is needed when PLINTH_S3_ENDPOINT is set[\s\S]*PLINTH_S3_SECRET_ACCESS_KEY is needed/,
    );
  });
});

describe("more database servers", () => {
  const DATABASE_URL = "postgres://postgres@127.0.0.1:5432/plinth";

  it("reads each as name=url, and none by default", () => {
    expect(loadConfig({ DATABASE_URL }).PLINTH_DATABASE_SERVERS).toEqual([]);
    const config = loadConfig({
      DATABASE_URL,
      PLINTH_DATABASE_SERVERS: "b=postgres://postgres:pw@db-b:5432/plinth, eu-1=postgresql://postgres@db-eu:5432/x",
    });
    expect(config.PLINTH_DATABASE_SERVERS).toEqual([
      { name: "b", ddlUrl: "postgres://postgres:pw@db-b:5432/plinth" },
      { name: "eu-1", ddlUrl: "postgresql://postgres@db-eu:5432/x" },
    ]);
  });

  it("says how to write an entry it cannot read, and refuses them on the embedded database", () => {
    expect(() => loadConfig({ DATABASE_URL, PLINTH_DATABASE_SERVERS: "B=http://x" })).toThrow(
      /each server is "name=postgres:\/\/user:password@host:port\/database"/,
    );
    expect(() => loadConfig({ PLINTH_DATABASE_SERVERS: "b=postgres://postgres@db-b/plinth" })).toThrow(
      /need the control plane on Postgres too: set DATABASE_URL/,
    );
  });
});
