import { describe, expect, it } from "vitest";
import { currencyAffix, parseLocaleNumber, separatorsOf, toLocaleInput } from "./locale";

const es = { locale: "es-ES", currency: "EUR" };
const us = { locale: "en-US", currency: "USD" };
const fr = { locale: "fr-FR", currency: "EUR" };
const de = { locale: "de-DE", currency: "EUR" };

describe("separatorsOf", () => {
  it("learns them from Intl", () => {
    expect(separatorsOf("es-ES")).toEqual({ decimal: ",", group: "." });
    expect(separatorsOf("en-US")).toEqual({ decimal: ".", group: "," });
  });
});

describe("parseLocaleNumber", () => {
  it.each([
    ["3,50", es, 3.5],
    ["1.234,5", es, 1234.5],
    ["1.234", de, 1234],
    ["-2,25", de, -2.25],
    ["3,50 €", es, 3.5],
    ["1 234,5", fr, 1234.5],
    ["3.50", us, 3.5],
    ["1,234.5", us, 1234.5],
    ["$12", us, 12],
    ["42", es, 42],
  ] as const)("reads %s in %o as %d", (text, locale, value) => {
    expect(parseLocaleNumber(text, locale)).toEqual({ ok: true, value });
  });

  it.each([
    ["3,50", us],
    ["3.50", es],
    ["1.5", de],
    ["1,2,3", us],
  ] as const)("refuses %s in %o as the other convention, never reading it as a larger number", (text, locale) => {
    expect(parseLocaleNumber(text, locale)).toEqual({ ok: false, reason: "wrong_separator" });
  });

  it.each(["abc", "3,5,0", "", "1e5", "--1"])("refuses %j as not a number", (text) => {
    expect(parseLocaleNumber(text, es)).toEqual({ ok: false, reason: "not_a_number" });
  });
});

describe("input and affix", () => {
  it("writes stored numbers back with the locale's decimal separator and no grouping", () => {
    expect(toLocaleInput(1234.5, "es-ES")).toBe("1234,5");
    expect(toLocaleInput(1234.5, "en-US")).toBe("1234.5");
  });

  it("puts the currency symbol where the locale does", () => {
    expect(currencyAffix("es-ES", "EUR")).toEqual({ symbol: "€", before: false });
    expect(currencyAffix("en-US", "USD")).toEqual({ symbol: "$", before: true });
  });
});
