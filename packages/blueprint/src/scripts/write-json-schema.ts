import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { blueprintJsonSchema } from "../json-schema.js";

const target = fileURLToPath(new URL("../../../../schemas/blueprint-v2.schema.json", import.meta.url));
writeFileSync(target, `${JSON.stringify(blueprintJsonSchema(), null, 2)}\n`);
console.log(`wrote ${target}`);
