/**
 * Sign-in is rate limited per address, and the progress stream replays a finished
 * job's stages over SSE: both as a browser meets them.
 */
import { describe, expect, it } from "vitest";
import { testPlinthForFile } from "./testing/per-file.js";
import { ApiClient } from "./testing/test-plinth.js";

const t = testPlinthForFile({ PLINTH_SIGNIN_RATE_LIMIT: "3" });

describe("sign-in rate limit", () => {
  it("answers 429 with a message once an address has tried too often", async () => {
    const api = new ApiClient(t.url);
    const statuses: number[] = [];
    let last: { error: { message: string } } | undefined;
    for (let i = 0; i < 4; i++) {
      const res = await api.call<{ error: { message: string } }>("POST", "/api/auth/sign-in", {
        email: "someone@example.com",
        password: `guess-${i}`,
      });
      statuses.push(res.status);
      last = res.body;
    }
    expect(statuses).toEqual([401, 401, 401, 429]);
    expect(last?.error.message).toMatch(/retry|try again|limit/i);
  });
});

describe("job progress over SSE", () => {
  const jobEvents = (jobId: string, token: string | undefined) =>
    fetch(`${t.url}/api/jobs/${jobId}/events`, {
      headers: { accept: "text/event-stream", authorization: `Bearer ${token}` },
    });

  it("streams every stage of a job and then its outcome", async () => {
    const api = new ApiClient(t.url);
    await api.signUp();
    const generated = await api.generate("An event planning app with venues and guests");
    await api.waitForJob(generated.body.job_id);
    const response = await jobEvents(generated.body.job_id, api.token);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/text\/event-stream/);
    const text = await response.text();
    const events = text
      .split("\n\n")
      .filter((block) => block.includes("event:"))
      .map((block) => ({
        event: /event: (.*)/.exec(block)?.[1],
        data: JSON.parse(/data: (.*)/.exec(block)?.[1] ?? "null"),
      }));
    expect(events.filter((e) => e.event === "stage").map((e) => e.data.stage)).toEqual([
      "planning",
      "validating",
      "verified",
      "provisioning",
      "provisioned",
      "done",
    ]);
    expect(events.at(-1)).toEqual({
      event: "done",
      data: expect.objectContaining({ status: "SUCCEEDED", error_message: null }),
    });
  });

  it("refuses the stream of another founder's job", async () => {
    const owner = new ApiClient(t.url);
    await owner.signUp();
    const generated = await owner.generate("A small inventory app");
    const other = new ApiClient(t.url);
    await other.signUp();
    const response = await jobEvents(generated.body.job_id, other.token);
    expect(response.status).toBe(404);
  });
});
