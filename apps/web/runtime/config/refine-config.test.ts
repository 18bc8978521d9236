import { describe, expect, it } from "vitest";
import { loadExample } from "../testing/render-runtime";
import { toCrudFilters } from "./filters";
import { can, homePath, matchRoute, menuFor, resourcesFor } from "./refine-config";

const crm = loadExample("crm");
const base = "/apps/pipeline-crm";

describe("blueprint → Refine configuration", () => {
  it("makes one resource per table with the pages that list and show it", () => {
    const resources = resourcesFor(crm, base);
    expect(resources.map((r) => r.name)).toEqual(["companies", "contacts", "deals", "activities"]);
    const deals = resources.find((r) => r.name === "deals");
    expect(deals).toMatchObject({ list: `${base}/deals`, show: `${base}/deals/:id`, meta: { label: "Deals" } });
  });

  it("routes paths to pages, literal segments before :id", () => {
    expect(matchRoute(crm.ui.pages, "/")?.page.id).toBe("dashboard");
    expect(matchRoute(crm.ui.pages, "/deals")?.page.id).toBe("deals");
    expect(matchRoute(crm.ui.pages, "/deals/abc")).toMatchObject({
      page: { id: "deal_detail" },
      params: { id: "abc" },
    });
    expect(matchRoute(crm.ui.pages, "/nowhere")).toBeUndefined();
    const pages = [
      { ...crm.ui.pages[1]!, id: "by_id", route: "/deals/:id" },
      { ...crm.ui.pages[1]!, id: "new_deal", route: "/deals/new" },
    ];
    expect(matchRoute(pages, "/deals/new")?.page.id).toBe("new_deal");
  });

  it("builds the menu from ui.navigation under the app's path", () => {
    expect(menuFor(crm, "manager", base).map((m) => [m.label, m.href])).toEqual([
      ["Dashboard", base],
      ["Deals", `${base}/deals`],
      ["Pipeline", `${base}/pipeline`],
      ["Companies", `${base}/companies`],
      ["Contacts", `${base}/contacts`],
    ]);
    expect(homePath(crm, "manager", base)).toBe(base);
  });

  it("hides menu entries whose tables the role may not list", () => {
    const limited = structuredClone(crm);
    limited.security.permissions = limited.security.permissions.filter(
      (p) => !(p.role === "sales_rep" && p.resource === "companies"),
    );
    const labels = menuFor(limited, "sales_rep", base).map((m) => m.label);
    expect(labels).not.toContain("Companies");
    expect(labels).toContain("Deals");
  });

  it("answers can() from security.permissions for the user's role", () => {
    expect(can(crm, "manager", "deals", "delete")).toBe(true);
    expect(can(crm, "sales_rep", "deals", "delete")).toBe(false);
    expect(can(crm, "sales_rep", "deals", "edit")).toBe(true);
    expect(can(crm, "sales_rep", "companies", "edit")).toBe(false);
    expect(can(crm, "sales_rep", "companies", "show")).toBe(true);
    expect(can(crm, "nobody", "deals", "list")).toBe(false);
  });

  it("turns block filters into Refine filters with the user's values", () => {
    const user = { id: "u1", email: "a@b.c", role: "x", team_ids: ["t1", "t2"] };
    expect(toCrudFilters({ in: ["stage", ["lead", "won"]] }, user)).toEqual([
      { field: "stage", operator: "in", value: ["lead", "won"] },
    ]);
    expect(
      toCrudFilters({ and: [{ equals: ["owner_id", "$user.id"] }, { in: ["team_id", "$user.team_ids"] }] }, user),
    ).toEqual([
      { field: "owner_id", operator: "eq", value: "u1" },
      { field: "team_id", operator: "in", value: ["t1", "t2"] },
    ]);
    expect(toCrudFilters({ or: [{ equals: ["a", 1] }, { equals: ["b", true] }] }, user)).toEqual([
      {
        operator: "or",
        value: [
          { field: "a", operator: "eq", value: 1 },
          { field: "b", operator: "eq", value: true },
        ],
      },
    ]);
  });
});
