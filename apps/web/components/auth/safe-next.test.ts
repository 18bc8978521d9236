import { describe, expect, it } from "vitest";
import { safeNext } from "./auth-page";

describe("where sign-in may send a founder next", () => {
  it.each([
    ["//evil.example/"],
    ["/\\evil.example/"],
    ["/\\\\evil.example/"],
    ["/\t/evil.example/"],
    [decodeURIComponent("/%09/evil.example/")],
    [decodeURIComponent("/%0a/evil.example/")],
    [decodeURIComponent("/%0d%0a/evil.example/")],
    ["javascript:alert(1)"],
    ["https://evil.example/"],
    ["http:/evil.example/"],
    ["evil.example"],
    [""],
    [null],
  ])("refuses %j", (next) => {
    expect(safeNext(next)).toBeUndefined();
  });

  it.each([
    ["/dashboard", "/dashboard"],
    ["/dashboard/apps/1?tab=members#invite", "/dashboard/apps/1?tab=members#invite"],
    ["/apps/crm/", "/apps/crm/"],
  ])("keeps the path %j", (next, kept) => {
    expect(safeNext(next)).toBe(kept);
  });
});
