/**
 * The web form, the API and the generator must refuse the same prompts: the form and the
 * API share the contract's limit, and the generator keeps its own copy for the CLI.
 */
import { MAX_PROMPT_CHARS } from "@plinth/contract";
import { MAX_PROMPT_CHARS as GENERATOR_MAX_PROMPT_CHARS } from "@plinth/generate";
import { describe, expect, it } from "vitest";

describe("the prompt length limit", () => {
  it("is the same where the founder types it, where the API checks it and where the generator does", () => {
    expect(GENERATOR_MAX_PROMPT_CHARS).toBe(MAX_PROMPT_CHARS);
  });
});
