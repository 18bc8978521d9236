import { describe, expect, it } from "vitest";
import type { Filter } from "../schema.js";
import { matchesFilter } from "./row-filter.js";

const viewer = { id: "u1", teams: ["t1", "t2"] };

describe("a row filter decided in JavaScript", () => {
  it.each([
    [{ equals: ["owner_id", "$user.id"] }, { owner_id: "u1" }, true],
    [{ equals: ["owner_id", "$user.id"] }, { owner_id: "u2" }, false],
    [{ equals: ["owner_id", "$user.id"] }, { owner_id: null }, false],
    [{ equals: ["amount", 5] }, { amount: "5" }, true],
    [{ in: ["team_id", "$user.team_ids"] }, { team_id: "t2" }, true],
    [{ in: ["team_id", "$user.team_ids"] }, { team_id: "t3" }, false],
    [{ in: ["stage", ["won", "lost"]] }, { stage: "lost" }, true],
    [{ in: ["stage", ["won", "lost"]] }, {}, false],
    [{ and: [{ equals: ["a", 1] }, { equals: ["b", 2] }] }, { a: 1, b: 3 }, false],
    [{ or: [{ equals: ["a", 1] }, { equals: ["b", 2] }] }, { a: 0, b: 2 }, true],
  ] as const)("%j on %j: %s", (filter, row, expected) => {
    expect(matchesFilter(filter as Filter, row, viewer)).toBe(expected);
  });

  it("lets every row through when there is no filter", () => {
    expect(matchesFilter(null, {}, viewer)).toBe(true);
  });
});
