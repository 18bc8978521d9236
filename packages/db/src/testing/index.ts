/** `@plinth/db/testing`: the database a test runs against. */

export * from "./per-file.js";
export * from "./test-database.js";
