import { describe, expect, it } from "vitest";
import { emailAddress, newPassword, signUpBody } from "./auth.js";

const problems = (result: { success: boolean; error?: { issues: { message: string }[] } }) =>
  result.error?.issues.map((i) => i.message) ?? [];

describe("a new password", () => {
  it.each([
    ["nothing", "", "Choose a password."],
    ["only spaces, however many", "          ", "Choose a password that is more than spaces."],
    ["seven characters", "x7#kq2!", "Use at least 8 characters."],
    ["201 characters", "x".repeat(201), "Use at most 200 characters."],
  ])("refuses %s with one problem that says what to do", (_, password, message) => {
    expect(problems(newPassword.safeParse(password))).toEqual([message]);
  });

  it("accepts eight characters with spaces inside", () => {
    expect(newPassword.safeParse("a b c d ").success).toBe(true);
  });
});

describe("an email address", () => {
  it("is kept trimmed and lower case, so one person has one account", () => {
    expect(emailAddress.parse("  Ada@Example.COM ")).toBe("ada@example.com");
  });

  it("asks for one when it is missing, and for a real one when it is not an address", () => {
    expect(problems(emailAddress.safeParse("   "))).toEqual(["Enter your email address."]);
    expect(problems(emailAddress.safeParse("ada-at-example"))).toEqual([
      "Enter a valid email address, such as you@company.com.",
    ]);
  });
});

describe("sign-up", () => {
  it("keeps the display name trimmed", () => {
    const body = signUpBody.parse({ email: "ada@example.com", password: "long-enough", display_name: "  Ada " });
    expect(body.display_name).toBe("Ada");
  });
});
