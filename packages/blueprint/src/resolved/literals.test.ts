import { describe, expect, it } from "vitest";
import { isUuid, literalFits } from "./literals.js";

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

describe("isUuid", () => {
  it("takes a hyphenated UUID in either letter case and nothing shorter, longer or unhyphenated", () => {
    expect(isUuid("6f1c2a9e-4b7d-4c1e-9a3b-2d5e8f7a6c10")).toBe(true);
    expect(isUuid("6F1C2A9E-4B7D-4C1E-9A3B-2D5E8F7A6C10")).toBe(true);
    expect(isUuid("6f1c2a9e4b7d4c1e9a3b2d5e8f7a6c10")).toBe(false);
    expect(isUuid("6f1c2a9e-4b7d-4c1e-9a3b-2d5e8f7a6c10/x")).toBe(false);
    expect(isUuid("")).toBe(false);
  });
});
