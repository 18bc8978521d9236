/** `@plinth/db/testing`: the database a test runs against. */
export * from "./test-database.js";
