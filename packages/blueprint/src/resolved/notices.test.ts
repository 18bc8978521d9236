import { describe, expect, it } from "vitest";
import { blueprintSchema } from "../schema.js";
import { exampleBlueprint } from "../testing/examples.js";
import { validateBlueprint } from "../validate.js";
import { noticesOf, verifyBlueprint } from "../verify.js";

describe("notices", () => {
  it("tell that a role sees a child of a filtered table only through its parent, apart from problems", () => {
    const crm = blueprintSchema.parse(exampleBlueprint("crm"));
    expect(verifyBlueprint(crm)).toEqual([]);
    const relationship = crm.data.relationships.findIndex((r) => r.toTable === "activities");
    expect(noticesOf(crm)).toEqual([
      {
        path: `/data/relationships/${relationship}`,
        code: "scoped_through_parent",
        message:
          "Sales Rep sees a row of Activities only while they can see the Deals row it belongs to (through deal_id), because they see only some Deals.",
        hint: "Nothing to do if that is what you want. For Sales Rep to see every row of Activities, give them every row of Deals, or drop the link from activities.deal_id.",
      },
    ]);
  });

  it("come with a valid blueprint's validation and never make it fail", () => {
    const result = validateBlueprint(exampleBlueprint("crm"));
    expect(result.ok && result.notices.map((n) => n.code)).toEqual(["scoped_through_parent"]);
  });

  it("are none when the parent is not filtered", () => {
    const bp = exampleBlueprint("crm");
    bp.security.rowFilters = bp.security.rowFilters.filter((f: { resource: string }) => f.resource !== "deals");
    expect(noticesOf(blueprintSchema.parse(bp))).toEqual([]);
  });
});
