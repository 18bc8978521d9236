/** `@plinth/blueprint/testing`: example blueprints and the reference evaluator of their access rules. */
export * from "./evaluate.js";
export * from "./examples.js";
export * from "./values.js";
