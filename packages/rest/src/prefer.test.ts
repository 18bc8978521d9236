import { describe, expect, it } from "vitest";
import { interpretPreferences, parsePreferHeader } from "./prefer.js";

describe("Prefer (RFC 7240)", () => {
  it("splits items, lowercases names, unquotes values and drops parameters", () => {
    expect(parsePreferHeader('Return="representation"; foo=bar , count=exact,  wait=10')).toEqual([
      { name: "return", value: "representation" },
      { name: "count", value: "exact" },
      { name: "wait", value: "10" },
    ]);
  });

  it("keeps only the first occurrence, also across several headers", () => {
    expect(interpretPreferences(["return=minimal", "return=representation, count=planned"])).toEqual({
      return: "minimal",
      count: "planned",
      invalid: [],
    });
  });

  it("does not split on commas inside quoted strings", () => {
    expect(parsePreferHeader('x="a,b", count=exact')).toEqual([
      { name: "x", value: "a,b" },
      { name: "count", value: "exact" },
    ]);
  });

  it("collects unknown preferences and values as invalid", () => {
    expect(interpretPreferences("count=some, resolution=merge-duplicates, respond-async, max-affected=x")).toEqual({
      resolution: "merge-duplicates",
      invalid: ["count=some", "respond-async", "max-affected=x"],
    });
  });

  it("reads tx and a numeric max-affected", () => {
    expect(interpretPreferences("tx=rollback, handling=strict, max-affected=5")).toEqual({
      tx: "rollback",
      handling: "strict",
      maxAffected: 5,
      invalid: [],
    });
  });
});
