import { describe, expect, it } from "vitest";
import { literalFits } from "./literals.js";

describe("literalFits", () => {
  it("takes a literal in its JSON type only: a quoted number is text, not an int or a float", () => {
    expect(literalFits("int", 42)).toBe(true);
    expect(literalFits("int", "42")).toBe(false);
    expect(literalFits("float", "3.5")).toBe(false);
    expect(literalFits("text", 42)).toBe(false);
    expect(literalFits("text", "42")).toBe(true);
  });

  it("refuses a whole number Postgres' integer cannot hold", () => {
    expect(literalFits("int", 2_147_483_647)).toBe(true);
    expect(literalFits("int", -2_147_483_648)).toBe(true);
    expect(literalFits("int", 2_147_483_648)).toBe(false);
  });

  it("refuses a date that is not on the calendar", () => {
    expect(literalFits("date", "2024-02-29")).toBe(true);
    expect(literalFits("date", "2023-02-29")).toBe(false);
  });
});
