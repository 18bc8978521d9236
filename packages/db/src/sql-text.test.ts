import { describe, expect, it } from "vitest";
import { qualified, quoteIdent, quoteLiteral } from "./sql-text.js";

describe("quoting", () => {
  it("doubles quotes inside identifiers and literals", () => {
    expect(quoteIdent('a"b')).toBe('"a""b"');
    expect(qualified("app_1", "deals")).toBe('"app_1"."deals"');
    expect(quoteLiteral("it's")).toBe("'it''s'");
    expect(quoteLiteral("a\\b")).toBe("E'a\\\\b'");
  });
  it("refuses identifiers Postgres would truncate, and empty or NUL-bearing ones", () => {
    expect(() => quoteIdent("x".repeat(64))).toThrow(/longer than 63/);
    expect(() => quoteIdent("")).toThrow(/not a usable SQL identifier/);
    expect(() => quoteIdent("a\0b")).toThrow(/not a usable SQL identifier/);
  });
});
