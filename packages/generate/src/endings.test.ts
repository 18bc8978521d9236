import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { runScripted } from "./testing/run-scripted.js";

const CRM = readFileSync(new URL("../../../schemas/examples/crm.json", import.meta.url), "utf8");
const lastUserMessage = (run: Awaited<ReturnType<typeof runScripted>>, call: number) =>
  run.received[call]?.body.messages.at(-1)?.content ?? "";

describe("how a generation ends", () => {
  it("stops at once on a refusal and quotes the model", async () => {
    const run = await runScripted([{ content: "", refusal: "I can't help with building a surveillance tool." }]);
    expect(run.received).toHaveLength(1);
    expect(run.result.ok).toBe(false);
    if (run.result.ok) return;
    expect(run.result.ending).toBe("model_refused");
    expect(run.result.repairs).toBe(0);
    expect(run.result.reason).toContain('"I can\'t help with building a surveillance tool."');
    expect(run.result.calls[0]?.response?.refusal).toBe("I can't help with building a surveillance tool.");
  });

  it("treats a refusal written as the answer the same way", async () => {
    const run = await runScripted([{ content: "I'm sorry, but I can't assist with that request." }]);
    expect(run.received).toHaveLength(1);
    expect(!run.result.ok && run.result.ending).toBe("model_refused");
    expect(!run.result.ok && run.result.reason).toContain("I'm sorry, but I can't assist with that request.");
  });

  it("stops when the provider's content filter cuts the answer", async () => {
    const run = await runScripted([{ content: '{"version": 2, "app"', finishReason: "content_filter" }]);
    expect(run.received).toHaveLength(1);
    expect(!run.result.ok && run.result.ending).toBe("content_filter");
  });

  it("asks once more after an empty answer without counting a repair", async () => {
    const run = await runScripted([{ content: "  " }, { content: CRM }]);
    expect(run.result.ok).toBe(true);
    expect(run.result.repairs).toBe(0);
    expect(run.result.calls.map((c) => c.purpose)).toEqual(["generate", "retry"]);
    expect(run.received[1]?.body.messages).toEqual(run.received[0]?.body.messages);
  });

  it("says the model answered with nothing when it does so twice", async () => {
    const run = await runScripted([{ content: "" }, { content: "" }]);
    expect(run.received).toHaveLength(2);
    expect(!run.result.ok && run.result.ending).toBe("empty_answer");
    expect(!run.result.ok && run.result.reason).toMatch(/^The model sent an empty answer, and again/);
  });

  it("asks for a shorter app when the answer is cut off at the output limit", async () => {
    const run = await runScripted([{ content: CRM.slice(0, 5000), finishReason: "length" }, { content: CRM }]);
    expect(run.result.ok).toBe(true);
    expect(run.result.repairs).toBe(1);
    const repair = lastUserMessage(run, 1);
    expect(repair).toContain('"code": "answer_cut_off"');
    expect(repair).toContain("Answer with a shorter app");
    // Only the start of the cut-off answer goes back, so a small model's window has room for the new one.
    const echoed = run.received[1]?.body.messages.at(-2)?.content ?? "";
    expect(echoed).toBe(`${CRM.slice(0, 1000)}\n[… 4000 more characters, cut off]`);
  });

  it("says the answer kept being cut off when it never fits", async () => {
    const cut = { content: CRM.slice(0, 5000), finishReason: "length" as const };
    const run = await runScripted([cut, cut, cut]);
    expect(run.received).toHaveLength(3);
    expect(!run.result.ok && run.result.ending).toBe("answer_cut_off");
    expect(!run.result.ok && run.result.reason).toMatch(
      /cut off before the blueprint ended, even after being asked 2 times/,
    );
  });

  it("answers a question with a request to decide and answer", async () => {
    const run = await runScripted([
      { content: "Should sales reps be able to delete companies? Let me know and I'll write the blueprint." },
      { content: CRM },
    ]);
    expect(run.result.ok).toBe(true);
    const repair = lastUserMessage(run, 1);
    expect(repair).toContain("question_instead_of_blueprint");
    expect(repair).toContain("Do not ask");
  });

  it("keeps intake's repairs on a failure too, so the job record shows how the answer was read", async () => {
    const crm = JSON.parse(CRM);
    crm.data.relationships[0].on_delete = crm.data.relationships[0].onDelete;
    delete crm.data.relationships[0].onDelete;
    crm.security.permissions[0].resource = "contact";
    const answer = { content: JSON.stringify(crm) };
    const run = await runScripted([answer, answer, answer]);
    expect(run.result.ok).toBe(false);
    expect(run.result.warnings).toContain(
      '/data/relationships/0/onDelete: Renamed the key "on_delete" to "onDelete": BlueprintV2\'s word for it.',
    );
    expect(!run.result.ok && run.result.reason).toMatch(
      /still had 1 problem after 2 repairs, for example: \/security\/permissions\/0\/resource/,
    );
  });

  it("reports a failure once, as the result, never also as a progress event", async () => {
    const run = await runScripted([{ content: "", refusal: "No." }]);
    expect(run.result.ok).toBe(false);
    expect(run.events.map((e) => e.stage)).toEqual(["calling_model"]);
  });
});

describe("structured output", () => {
  it("sends the strict JSON Schema to a model that enforces it", async () => {
    const run = await runScripted([{ content: CRM }], { model: "openai/gpt-4o-mini" });
    const format = run.received[0]?.body.response_format;
    expect(format?.type).toBe("json_schema");
    expect(format?.json_schema?.strict).toBe(true);
    const schema = format?.json_schema?.schema as { required: string[]; additionalProperties: boolean };
    expect(schema.required).toEqual(["version", "app", "data", "security", "ui"]);
    expect(schema.additionalProperties).toBe(false);
    expect(run.result.calls[0]?.usage?.totalTokens).toBe(2000);
  });

  it("reads the nulls strict mode makes a model write for absent keys", async () => {
    const crm = JSON.parse(CRM);
    crm.data.tables[0].description = null;
    crm.data.tables[0].columns[0].format = null;
    const run = await runScripted([{ content: JSON.stringify(crm) }]);
    expect(run.result.ok).toBe(true);
    expect(run.result.calls).toHaveLength(1);
  });

  it("falls back to JSON mode, for this call and the repairs after it, when the provider rejects the schema", async () => {
    const run = await runScripted([
      { status: 400, error: "response_format json_schema is not supported by this model" },
      { status: 400, error: "response_format json_schema is not supported by this model" },
      { content: CRM.slice(0, 3000) },
      { content: CRM },
    ]);
    expect(run.result.ok).toBe(true);
    expect(run.received.map((r) => r.body.response_format?.type)).toEqual([
      "json_schema",
      "json_schema",
      "json_object",
      "json_object",
    ]);
    expect(run.result.calls).toHaveLength(2);
    expect(run.result.calls[0]?.httpAttempts).toBe(3);
  });
});
