import { describe, expect, it } from "vitest";
import {
  accessChanged,
  anonymousDisabled,
  appStopped,
  databaseUnavailable,
  isDatabaseError,
  jwtExpired,
  PostgrestError,
  statusForSqlState,
  tooManyRequests,
  toPostgrestError,
  wrongProfile,
} from "./errors.js";

describe("SQLSTATE → HTTP status", () => {
  it.each([
    ["23505", 409],
    ["23503", 409],
    ["23502", 400],
    ["22P02", 400],
    ["22001", 400],
    ["42P01", 404],
    ["42883", 404],
    ["25006", 405],
    ["08006", 503],
    ["53100", 503],
    ["53400", 500],
    ["57014", 504],
    ["P0001", 400],
    ["PT402", 402],
    ["40001", 500],
  ])("%s → %i", (code, status) => {
    expect(statusForSqlState(code, "x", true)).toBe(status);
  });

  it("maps 42501 to 401 without a token and 403 with one", () => {
    expect(statusForSqlState("42501", "permission denied", false)).toBe(401);
    expect(statusForSqlState("42501", "permission denied", true)).toBe(403);
  });
});

describe("toPostgrestError", () => {
  it("shapes a Postgres error and asks for a token on 401", () => {
    const err = Object.assign(new Error("permission denied for table tasks"), {
      code: "42501",
      severity: "ERROR",
      detail: undefined,
      hint: "grant it",
    });
    expect(toPostgrestError(err, { authenticated: false })).toEqual({
      status: 401,
      headers: {
        "Content-Type": "application/json; charset=utf-8",
        "Proxy-Status": "PostgREST; error=42501",
        "WWW-Authenticate": "Bearer",
      },
      body: { code: "42501", message: "permission denied for table tasks", details: null, hint: "grant it" },
    });
  });

  it("passes PostgREST errors through and hides unexpected ones", () => {
    expect(toPostgrestError(new PostgrestError(406, "PGRST116", "m", "d")).status).toBe(406);
    const hidden = toPostgrestError(new TypeError("secret internals"));
    expect(hidden.status).toBe(500);
    expect(JSON.stringify(hidden.body)).not.toContain("secret");
  });
});

describe("constraint violation details", () => {
  const detailOf = (code: string, detail: string) =>
    toPostgrestError({ code, message: "violation", severity: "ERROR", detail }).body.details;

  it.each([
    ["23505", "Key (id)=(7f3c) already exists.", "Key (id) already exists."],
    ["23505", "Key (lower(name), team)=(a), b) already exists.", "Key (lower(name), team) already exists."],
    [
      "23503",
      'Key (company_id)=(42) is not present in table "companies".',
      'Key (company_id) is not present in table "companies".',
    ],
    [
      "23503",
      'Key (id)=(42) is still referenced from table "deals".',
      'Key (id) is still referenced from table "deals".',
    ],
    ["23P01", "Key (room)=(1) conflicts with existing key (room)=(1).", "Key (room) conflicts with an existing key."],
  ])("%s %s names the columns, never the values", (code, detail, expected) => {
    expect(detailOf(code, detail)).toBe(expected);
  });

  it("drops a quoted row and keeps details that carry no values", () => {
    expect(detailOf("23514", "Failing row contains (1, secret, 5).")).toBeNull();
    expect(detailOf("23503", 'Key is not present in table "companies".')).toBe(
      'Key is not present in table "companies".',
    );
    expect(detailOf("22P02", 'Token "x" is invalid.')).toBe('Token "x" is invalid.');
  });
});

describe("database errors", () => {
  const connectionReset = Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET", syscall: "read" });

  it("are what the server sent, with a severity and a SQLSTATE; a failed socket is not one", () => {
    expect(isDatabaseError(Object.assign(new Error("deadlock detected"), { code: "40P01", severity: "ERROR" }))).toBe(
      true,
    );
    expect(isDatabaseError(connectionReset)).toBe(false);
    // Five characters without a severity is a coincidence, not the database speaking.
    expect(isDatabaseError(Object.assign(new Error("x"), { code: "EPIPE" }))).toBe(false);
  });

  it("a lost connection is a 500 that names no internals, not a client error", () => {
    const answer = toPostgrestError(connectionReset);
    expect(answer.status).toBe(500);
    expect(answer.body.code).toBe("PGRSTX00");
    expect(JSON.stringify(answer.body)).not.toContain("ECONNRESET");
  });
});

describe("the server's own refusals", () => {
  it("render like every other error, with the headers each needs", () => {
    expect(toPostgrestError(anonymousDisabled())).toMatchObject({
      status: 401,
      headers: { "Proxy-Status": "PostgREST; error=PGRST302", "WWW-Authenticate": "Bearer" },
      body: { code: "PGRST302", details: null },
    });
    expect(toPostgrestError(jwtExpired()).headers["WWW-Authenticate"]).toBe(
      'Bearer error="invalid_token", error_description="JWT expired"',
    );
    expect(toPostgrestError(accessChanged()).body.hint).toBe("Sign in to the app again.");
    expect(toPostgrestError(wrongProfile("app_0123456789ab", "Content-Profile")).body).toEqual({
      code: "PGRST106",
      message: "The schema must be one of the following: app_0123456789ab",
      details: null,
      hint: "Send the Content-Profile header with your app's schema.",
    });
    expect(toPostgrestError(tooManyRequests("app-busy", 3))).toMatchObject({
      status: 429,
      headers: { "Retry-After": "3" },
      body: { code: "PGRST429" },
    });
    expect(toPostgrestError(appStopped())).toMatchObject({ status: 503, body: { code: "PGRST503" } });
    expect(toPostgrestError(databaseUnavailable())).toMatchObject({
      status: 503,
      body: { hint: "Retry the request in a moment." },
    });
  });
});
