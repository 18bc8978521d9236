export * from "./embedded.js";
export * from "./migrations.js";
export * from "./pool.js";
export * from "./prepared.js";
export * from "./sql-text.js";
export * from "./transaction.js";
