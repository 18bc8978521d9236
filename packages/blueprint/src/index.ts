export * from "./identifiers.js";
export * from "./json-schema.js";
export * from "./schema.js";
