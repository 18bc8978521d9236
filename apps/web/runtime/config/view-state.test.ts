import { describe, expect, it } from "vitest";
import { readViewState, type TableViewState, viewStateFrom, writeViewState } from "./view-state";

const defaults: TableViewState = {
  search: "",
  filters: {},
  sort: { field: "created_at", order: "desc" },
  hidden: [],
  page: 1,
};

describe("a table's view in the URL", () => {
  it("round-trips search, filters, sort, hidden columns and page, keeping other parameters", () => {
    const state: TableViewState = {
      search: "acme & co",
      filters: { stage: { value: "won" }, amount: { from: "10", to: "99" } },
      sort: { field: "amount", order: "asc" },
      hidden: ["phone", "email"],
      page: 3,
    };
    const params = writeViewState(new URLSearchParams("other=1&deals.q=old"), "deals", state, defaults);
    expect(params.get("other")).toBe("1");
    expect(params.toString()).toContain("deals.sort=amount");
    expect(readViewState(new URLSearchParams(params.toString()), "deals", defaults)).toEqual(state);
  });

  it("leaves defaults out of the URL and reads an empty URL as the defaults", () => {
    expect(writeViewState(new URLSearchParams(), "deals", defaults, defaults).toString()).toBe("");
    expect(readViewState(new URLSearchParams("deals.page=x&other.q=y"), "deals", defaults)).toEqual(defaults);
  });

  it("reads a saved view's state, dropping what is not a view's", () => {
    expect(
      viewStateFrom(
        { search: 3, filters: { stage: { value: "won", bogus: 1 }, x: "y" }, sort: { field: "a", order: "up" } },
        defaults,
      ),
    ).toEqual({ ...defaults, filters: { stage: { value: "won" } } });
  });
});
