import { describe, expect, it } from "vitest";
import { decodeMessage, encodeMessage, protocolVersionOf, reply } from "./phoenix.js";

describe("Phoenix messages", () => {
  it("reads and writes 2.0.0 arrays and 1.0.0 objects", () => {
    const join = decodeMessage("2.0.0", '["1","1","realtime:x","phx_join",{"config":{}}]');
    expect(join).toEqual({ joinRef: "1", ref: "1", topic: "realtime:x", event: "phx_join", payload: { config: {} } });
    if (!join) throw new Error("not decoded");
    expect(JSON.parse(encodeMessage("2.0.0", reply(join, "ok", {})))).toEqual([
      "1",
      "1",
      "realtime:x",
      "phx_reply",
      { status: "ok", response: {} },
    ]);
    const heartbeat = decodeMessage("1.0.0", '{"topic":"phoenix","event":"heartbeat","payload":{},"ref":"7"}');
    expect(heartbeat).toMatchObject({ joinRef: null, ref: "7", topic: "phoenix", event: "heartbeat" });
    if (!heartbeat) throw new Error("not decoded");
    expect(JSON.parse(encodeMessage("1.0.0", reply(heartbeat, "ok", {})))).toMatchObject({
      ref: "7",
      event: "phx_reply",
    });
  });

  it("ignores what is not a message and refuses unknown versions", () => {
    expect(decodeMessage("2.0.0", "not json")).toBeNull();
    expect(decodeMessage("2.0.0", '["1","1","t"]')).toBeNull();
    expect(decodeMessage("1.0.0", '[null,null,"t","e",{}]')).toBeNull();
    expect(protocolVersionOf(null)).toBe("1.0.0");
    expect(protocolVersionOf("3.0.0")).toBeNull();
  });
});
