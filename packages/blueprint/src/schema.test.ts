import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { blueprintSchema } from "./schema.js";

const crm = JSON.parse(readFileSync(new URL("../../../schemas/examples/crm.json", import.meta.url), "utf8"));

describe("blueprintSchema", () => {
  it("accepts the CRM example and fills defaults", () => {
    const parsed = blueprintSchema.parse(crm);
    expect(parsed.data.tables[0]?.primaryKey).toBe("id");
    expect(parsed.data.tables[0]?.columns[1]?.required).toBe(false);
  });

  it("refuses unknown keys anywhere", () => {
    const bad = structuredClone(crm);
    bad.data.tables[0].columns[0].sql = "now()";
    const result = blueprintSchema.safeParse(bad);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(["data", "tables", 0, "columns", 0]);
  });

  it("refuses reserved words and system columns", () => {
    const bad = structuredClone(crm);
    bad.data.tables[0].name = "select";
    bad.data.tables[1].columns[0].name = "created_by";
    const messages = blueprintSchema.safeParse(bad).error?.issues.map((i) => i.message) ?? [];
    expect(messages.some((m) => m.includes("reserved word"))).toBe(true);
    expect(messages.some((m) => m.includes("system columns"))).toBe(true);
  });
});
