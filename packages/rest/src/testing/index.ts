/** `@plinth/rest/testing`: the throwaway-schema fixture the pipeline is tested against, and random request parts. */
export * from "./arbitraries.js";
export * from "./fixture.js";
