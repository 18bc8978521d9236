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
