import { describe, expect, it } from "vitest";
import { parseFilter, parseSubscriptions, rowMatches, SubscriptionError } from "./subscriptions.js";

const columns = [
  { name: "id", pgType: "uuid" },
  { name: "title", pgType: "text" },
  { name: "amount", pgType: "double precision" },
  { name: "due", pgType: "timestamptz" },
];
const model = { tables: [{ name: "deals", primaryKey: ["id"], columns }], relationships: [] } as never;

describe("parseSubscriptions", () => {
  let id = 0;
  const parse = (entries: unknown) => parseSubscriptions(entries, "app_1", model, () => ++id);

  it("accepts the app's own tables with an event and an optional filter", () => {
    const [all, filtered] = parse([
      { event: "*", schema: "app_1", table: "deals" },
      { event: "UPDATE", schema: "app_1", table: "deals", filter: "amount=gt.10" },
    ]);
    expect(all).toEqual({ id: all?.id, event: "*", schema: "app_1", table: "deals" });
    expect(filtered).toMatchObject({ event: "UPDATE", filterText: "amount=gt.10", filter: { operator: "gt" } });
    expect(filtered?.id).not.toBe(all?.id);
  });

  it("says what to send instead of another schema, a missing table or an unknown event", () => {
    expect(() => parse([{ event: "*", schema: "public", table: "deals" }])).toThrow(
      'Your token is for the schema "app_1", so you cannot listen to "public"; subscribe with schema "app_1".',
    );
    expect(() => parse([{ event: "*", schema: "app_1" }])).toThrow(
      "This app has no table undefined; name one of deals.",
    );
    expect(() => parse([{ event: "TRUNCATE", schema: "app_1", table: "deals" }])).toThrow(
      'Unknown event "TRUNCATE"; listen for one of *, INSERT, UPDATE, DELETE.',
    );
    expect(() => parse({})).toThrow(SubscriptionError);
  });
});

describe("filters", () => {
  it("refuses unknown columns, operators and malformed text", () => {
    expect(() => parseFilter("owner=eq.1", columns)).toThrow('names the column "owner"');
    expect(() => parseFilter("title=like.a*", columns)).toThrow('operator "like" is not supported');
    expect(() => parseFilter("title", columns)).toThrow('is not "column=operator.value"');
    expect(() => parseFilter("title=in.a,b", columns)).toThrow("in parentheses");
  });

  it("compares numbers as numbers, instants across offsets and text as text; null never matches", () => {
    const gt = parseFilter("amount=gt.9", columns);
    expect(rowMatches(gt, { amount: 10 })).toBe(true);
    expect(rowMatches(gt, { amount: 9 })).toBe(false);
    expect(rowMatches(gt, { amount: null })).toBe(false);
    const due = parseFilter("due=eq.2024-05-01T10:00:00Z", columns);
    expect(rowMatches(due, { due: "2024-05-01T12:00:00+02:00" })).toBe(true);
    const titles = parseFilter('title=in.(a,"b c")', columns);
    expect(rowMatches(titles, { title: "b c" })).toBe(true);
    expect(rowMatches(titles, { title: "c" })).toBe(false);
    expect(rowMatches(parseFilter("title=neq.a", columns), { title: "b" })).toBe(true);
    expect(rowMatches(parseFilter("title=lte.b", columns), { title: "a" })).toBe(true);
    expect(rowMatches(parseFilter("amount=gte.2", columns), { amount: 2 })).toBe(true);
    expect(rowMatches(parseFilter("amount=lt.2", columns), { amount: 2 })).toBe(false);
    expect(rowMatches(undefined, { anything: 1 })).toBe(true);
  });
});
