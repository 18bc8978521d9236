import { exampleBlueprints } from "@plinth/blueprint/testing";
import { blueprintSchema } from "@plinth/blueprint";
import { expect, it } from "vitest";
import { schemaModelOf } from "./schema-model.js";
import { schemaModelOf as old } from "./old-schema-model.tmp.js";
import { openApiFor } from "./openapi.js";
import { openApiFor as oldApi } from "./old-openapi.tmp.js";
it("same", () => {
  for (const { blueprint } of exampleBlueprints()) {
    const b = blueprintSchema.parse(blueprint);
    expect(schemaModelOf(b)).toStrictEqual(old(b));
    const e = { blueprint: b, schema: "app_x" } as never;
    expect(JSON.stringify(openApiFor(e))).toBe(JSON.stringify(oldApi(e)));
  }
});
