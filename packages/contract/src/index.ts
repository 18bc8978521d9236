/**
 * The control-plane API's contract: request and response schemas for every route under
 * /api, the error body, and the limits both the web forms and the API enforce.
 */
export * from "./apps.js";
export * from "./auth.js";
export * from "./errors.js";
export * from "./jobs.js";
export * from "./limits.js";
export * from "./members.js";
export * from "./runtime.js";
export * from "./runtime-data.js";
