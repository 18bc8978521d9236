/** The OpenAPI description of an app's data API says what its reads accept and answer. */
import { describe, expect, it } from "vitest";
import { loadExample } from "../testing/example-apps.js";
import { openApiFor } from "./openapi.js";
import { schemaModelOf } from "./schema-model.js";

describe("openApiFor", () => {
  it("describes reads as JSON or CSV and names aggregates in select", () => {
    const blueprint = loadExample("crm");
    const doc = openApiFor({
      appId: "00000000-0000-4000-8000-000000000001",
      ownerId: "00000000-0000-4000-8000-000000000002",
      schema: "app_crm",
      server: "default",
      version: 1,
      running: true,
      blueprint,
      model: schemaModelOf(blueprint),
    }) as {
      paths: Record<
        string,
        {
          get: {
            parameters: { name: string; description?: string }[];
            responses: Record<string, { content: Record<string, unknown> }>;
          };
        }
      >;
    };
    const read = doc.paths["/deals"]?.get;
    expect(Object.keys(read?.responses["200"]?.content ?? {})).toEqual(["application/json", "text/csv"]);
    expect(read?.parameters.find((p) => p.name === "select")?.description).toContain("amount.sum()");
  });
});
