export * from "./identifiers.js";
export * from "./intake.js";
export * from "./json-schema.js";
export * from "./problems.js";
export * from "./schema.js";
export * from "./summary.js";
export * from "./validate.js";
export * from "./verify.js";
