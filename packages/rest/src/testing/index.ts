/** `@plinth/rest/testing`: the throwaway-schema fixture the pipeline is tested against, its error helper and random request parts. */
export * from "./arbitraries.js";
export * from "./errors.js";
export * from "./fixture.js";
