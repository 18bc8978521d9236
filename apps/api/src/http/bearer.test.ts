import { describe, expect, it } from "vitest";
import { bearerToken } from "./bearer.js";

describe("bearerToken", () => {
  it("reads the token whatever the scheme's letter case", () => {
    expect(bearerToken("Bearer abc.def")).toBe("abc.def");
    expect(bearerToken("bearer  abc.def ")).toBe("abc.def");
  });
  it("finds none without the scheme, with another scheme or with an empty token", () => {
    expect(bearerToken(undefined)).toBeUndefined();
    expect(bearerToken("Basic dXNlcjpwYXNz")).toBeUndefined();
    expect(bearerToken("abc.def")).toBeUndefined();
    expect(bearerToken("Bearer   ")).toBeUndefined();
    expect(bearerToken(["Bearer a", "Bearer b"])).toBeUndefined();
  });
});
