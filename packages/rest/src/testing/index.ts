/** `@plinth/rest/testing`: the throwaway-schema fixture the pipeline is tested against, and its error helper. */
export * from "./errors.js";
export * from "./fixture.js";
