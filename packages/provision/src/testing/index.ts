/** `@plinth/provision/testing`: example apps, seeded rows and the isolation matrix, for tests and benchmarks. */
export * from "./catalog.js";
export * from "./examples.js";
export * from "./isolation-matrix.js";
export * from "./largest.js";
export * from "./rows.js";
export * from "./scoped-app.js";
export * from "./sessions.js";
export * from "./variants.js";
