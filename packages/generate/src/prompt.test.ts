import { describe, expect, it } from "vitest";
import { generateMessages, repairMessages, systemPrompt } from "./prompt.js";

describe("the prompt", () => {
  it("fits an 8k-context model with room for the answer: rules and example under 12,000 characters", () => {
    // About 3.5 characters a token for JSON: the system prompt stays under about 3,500 tokens.
    expect(systemPrompt().length).toBeLessThan(12_000);
  });

  it("lists every problem in a repair, grouping those that share a fix", () => {
    const problems = Array.from({ length: 60 }, (_, i) => ({
      path: `/ui/pages/${i}/title`,
      code: "schema_invalid_type",
      message: 'This page has no "title", which it needs.',
      hint: 'Add "title": text in double quotes.',
    }));
    problems.push({ path: "/app/slug", code: "schema_invalid_format", message: "bad slug", hint: "fix the slug" });
    const repair = repairMessages(generateMessages("A CRM"), "{}", problems).at(-1)?.content ?? "";
    const listed = JSON.parse(repair.slice(repair.indexOf("["))) as { code: string; places: { path: string }[] }[];
    expect(listed.map((g) => [g.code, g.places.length])).toEqual([
      ["schema_invalid_type", 60],
      ["schema_invalid_format", 1],
    ]);
    expect(repair.match(/Add \\"title\\"|Add "title"/g)).toHaveLength(1);
  });
});
