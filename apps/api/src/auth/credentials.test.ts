import { describe, expect, it, vi } from "vitest";
import { checkCredentials } from "./credentials.js";
import { hashPassword } from "./passwords.js";
import type { UserRow } from "./users.js";

describe("checking credentials", () => {
  it("verifies a password even when the email has no account, so both answers take as long", async () => {
    const verify = vi.fn(async () => false);
    const user = await checkCredentials({ findUser: async () => undefined, verify }, "nobody@example.com", "guess");
    expect(user).toBeUndefined();
    expect(verify).toHaveBeenCalledTimes(1);
    expect(verify).toHaveBeenCalledWith(expect.stringMatching(/^\$argon2/), "guess");
  });

  it("finds the account when the password matches, and not otherwise", async () => {
    const row: UserRow = {
      id: "u1",
      email: "ada@example.com",
      password_hash: await hashPassword("lantern orbit pickle"),
      display_name: null,
      session_version: 0,
      email_verified_at: null,
      created_at: new Date(),
    };
    const findUser = async () => row;
    expect(await checkCredentials({ findUser }, row.email, "lantern orbit pickle")).toBe(row);
    expect(await checkCredentials({ findUser }, row.email, "lantern orbit")).toBeUndefined();
  });
});
