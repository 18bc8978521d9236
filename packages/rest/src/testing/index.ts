/** `@plinth/rest/testing`: the throwaway-schema fixture the pipeline is tested against. */
export * from "./fixture.js";
