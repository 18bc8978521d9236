import { createSecretKey } from "node:crypto";
import { SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { APP_AUDIENCE, FOUNDER_AUDIENCE, ISSUER, TokenService } from "./tokens.js";

const SECRET = "tokens-test-secret-0123456789abcdefghij";

function withoutExpiry(audience: string, claims: Record<string, unknown>) {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject("u1")
    .setAudience(audience)
    .setIssuer(ISSUER)
    .setIssuedAt()
    .sign(createSecretKey(Buffer.from(SECRET, "utf8")));
}

describe("tokens without an expiry", () => {
  const tokens = new TokenService(SECRET);

  it("refuses a founder token minted without exp", async () => {
    const token = await withoutExpiry(FOUNDER_AUDIENCE, { email: "ada@example.com", sv: 0 });
    await expect(tokens.verifyFounder(token)).rejects.toThrow(/exp/);
  });

  it("refuses an app user's token minted without exp", async () => {
    const token = await withoutExpiry(APP_AUDIENCE, {
      email: "ada@example.com",
      role: "app_x_admin",
      app_id: "a1",
      app_role: "admin",
      team_ids: [],
    });
    await expect(tokens.verifyAppUser(token)).rejects.toThrow(/exp/);
  });

  it("still accepts the tokens it issues", async () => {
    const founder = await tokens.signFounder({ sub: "u1", email: "ada@example.com", sv: 0 });
    expect((await tokens.verifyFounder(founder)).sub).toBe("u1");
  });
});

describe("app user tokens verified before", () => {
  const tokens = new TokenService(SECRET);
  const claims = {
    sub: "u1",
    email: "ada@example.com",
    role: "app_x_admin",
    app_id: "a1",
    app_role: "admin",
    team_ids: ["t1"],
  };

  it("are refused once they expire, though they were accepted a moment before", async () => {
    const token = await tokens.signAppUser(claims, 1);
    expect((await tokens.verifyAppUser(token)).sub).toBe("u1");
    // exp has one-second resolution: wait until it has certainly passed.
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    await expect(tokens.verifyAppUser(token)).rejects.toThrow(/exp/);
  });

  it("give every request the same claims, which nobody can change for the next one", async () => {
    const token = await tokens.signAppUser(claims);
    const first = await tokens.verifyAppUser(token);
    expect(() => {
      (first as { app_role: string }).app_role = "owner";
    }).toThrow(TypeError);
    expect(() => first.team_ids.push("t2")).toThrow(TypeError);
    expect(await tokens.verifyAppUser(token)).toEqual(claims);
  });

  it("are not accepted with a signature of another secret because a token like them was", async () => {
    const token = await tokens.signAppUser(claims);
    await tokens.verifyAppUser(token);
    const forged = await new TokenService("another-secret-0123456789abcdefghijkl").signAppUser(claims);
    await expect(tokens.verifyAppUser(forged)).rejects.toThrow(/signature/);
  });
});
