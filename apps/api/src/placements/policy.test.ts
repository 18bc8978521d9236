import { describe, expect, it } from "vitest";
import { chooseServer, type ServerLoad } from "./policy.js";

const server = (name: string, apps: number, capacity = 100, state: ServerLoad["state"] = "open"): ServerLoad => ({
  name,
  apps,
  capacity,
  state,
});

describe("chooseServer", () => {
  it("puts a new app on the open server with the most room left", () => {
    expect(chooseServer([server("default", 40), server("b", 10)])).toBe("b");
    expect(chooseServer([server("default", 40, 1000), server("b", 10)])).toBe("default");
  });

  it("never chooses a draining, closed or full server", () => {
    expect(chooseServer([server("a", 0, 100, "draining"), server("b", 0, 100, "closed"), server("c", 99)])).toBe("c");
    expect(chooseServer([server("a", 100), server("b", 120)])).toBeNull();
    expect(chooseServer([])).toBeNull();
  });

  it("breaks a tie by name, so two equal servers always give the same answer", () => {
    expect(chooseServer([server("b", 5), server("a", 5)])).toBe("a");
  });
});
