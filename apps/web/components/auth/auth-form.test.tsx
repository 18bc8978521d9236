import { screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { apiError, fakeApi } from "@/test/fake-api";
import { renderWithApi } from "@/test/render";
import { AuthForm } from "./auth-form";

afterEach(() => vi.unstubAllGlobals());

describe("sign-in form", () => {
  it("says what is missing instead of calling the API", async () => {
    const api = fakeApi({});
    const onSuccess = vi.fn();
    const { user } = renderWithApi(<AuthForm mode="sign-in" onSuccess={onSuccess} />);

    await user.click(screen.getByRole("button", { name: "Sign in" }));

    expect(screen.getByText("Enter your email address.")).toBeInTheDocument();
    expect(screen.getByText("Enter your password.")).toBeInTheDocument();
    expect(screen.getByLabelText("Email")).toHaveAttribute("aria-invalid", "true");
    expect(screen.getByLabelText("Email")).toHaveFocus();
    expect(api.calls).toHaveLength(0);
    expect(onSuccess).not.toHaveBeenCalled();
  });

  it("rejects an address that is not an email", async () => {
    fakeApi({});
    const { user } = renderWithApi(<AuthForm mode="sign-in" onSuccess={vi.fn()} />);

    await user.type(screen.getByLabelText("Email"), "founder-at-example");
    await user.type(screen.getByLabelText("Password"), "whatever");
    await user.click(screen.getByRole("button", { name: "Sign in" }));

    expect(screen.getByText(/Enter a valid email address/)).toBeInTheDocument();
  });

  it("shows the API's own words when the credentials are wrong", async () => {
    fakeApi({
      "POST /api/auth/sign-in": apiError(401, "invalid_credentials", "The email or password is not right."),
    });
    const onSuccess = vi.fn();
    const { user } = renderWithApi(<AuthForm mode="sign-in" onSuccess={onSuccess} />);

    await user.type(screen.getByLabelText("Email"), "ada@example.com");
    await user.type(screen.getByLabelText("Password"), "wrong-password");
    await user.click(screen.getByRole("button", { name: "Sign in" }));

    expect(await screen.findByRole("alert")).toHaveTextContent("The email or password is not right.");
    expect(screen.getByRole("button", { name: "Sign in" })).toBeEnabled();
    expect(onSuccess).not.toHaveBeenCalled();
  });

  it("explains an unreachable server in plain words", async () => {
    vi.stubGlobal("fetch", vi.fn().mockRejectedValue(new TypeError("fetch failed")));
    const { user } = renderWithApi(<AuthForm mode="sign-in" onSuccess={vi.fn()} />);

    await user.type(screen.getByLabelText("Email"), "ada@example.com");
    await user.type(screen.getByLabelText("Password"), "secret-password");
    await user.click(screen.getByRole("button", { name: "Sign in" }));

    expect(await screen.findByRole("alert")).toHaveTextContent("Plinth's server could not be reached");
  });

  it("signs in with the trimmed email and hands over the user", async () => {
    const user = { id: "u1", email: "ada@example.com", display_name: null };
    const api = fakeApi({ "POST /api/auth/sign-in": { body: { user, token: "t" } } });
    const onSuccess = vi.fn();
    const screenUser = renderWithApi(<AuthForm mode="sign-in" onSuccess={onSuccess} />).user;

    await screenUser.type(screen.getByLabelText("Email"), "  ada@example.com ");
    await screenUser.type(screen.getByLabelText("Password"), "secret-password");
    await screenUser.click(screen.getByRole("button", { name: "Sign in" }));

    await vi.waitFor(() => expect(onSuccess).toHaveBeenCalledWith(user));
    expect(api.callsTo("POST", "/api/auth/sign-in")[0]?.body).toEqual({
      email: "ada@example.com",
      password: "secret-password",
    });
  });
});

describe("sign-up form", () => {
  it.each([
    ["shorter than 8 characters", "short", "Use at least 8 characters."],
    ["of only spaces", "        ", "Choose a password that is more than spaces."],
  ])("refuses a password %s before calling the API", async (_, password, problem) => {
    const api = fakeApi({});
    const { user } = renderWithApi(<AuthForm mode="sign-up" onSuccess={vi.fn()} />);

    await user.type(screen.getByLabelText("Email"), "ada@example.com");
    await user.type(screen.getByLabelText("Password"), password);
    await user.click(screen.getByRole("button", { name: "Create account" }));

    expect(screen.getByText(problem)).toBeInTheDocument();
    expect(api.calls).toHaveLength(0);
  });

  it("shows the API's refusal of a common password", async () => {
    fakeApi({
      "POST /api/auth/sign-up": apiError(
        400,
        "invalid_request",
        "The request is not valid — password: this password is one of the most common ones and is guessed first; choose another, e.g. a few unrelated words.",
      ),
    });
    const { user } = renderWithApi(<AuthForm mode="sign-up" onSuccess={vi.fn()} />);

    expect(screen.getByText(/not a common password/)).toBeInTheDocument();
    await user.type(screen.getByLabelText("Email"), "ada@example.com");
    await user.type(screen.getByLabelText("Password"), "password");
    await user.click(screen.getByRole("button", { name: "Create account" }));

    expect(await screen.findByRole("alert")).toHaveTextContent("one of the most common ones");
  });

  it("tells the founder to sign in when the email is taken", async () => {
    const api = fakeApi({
      "POST /api/auth/sign-up": apiError(
        409,
        "email_taken",
        "An account with this email already exists; sign in instead.",
      ),
    });
    const { user } = renderWithApi(<AuthForm mode="sign-up" onSuccess={vi.fn()} />);

    await user.type(screen.getByLabelText(/Your name/), "Ada");
    await user.type(screen.getByLabelText("Email"), "ada@example.com");
    await user.type(screen.getByLabelText("Password"), "long-enough");
    await user.click(screen.getByRole("button", { name: "Create account" }));

    expect(await screen.findByRole("alert")).toHaveTextContent("already exists; sign in instead");
    expect(api.callsTo("POST", "/api/auth/sign-up")[0]?.body).toEqual({
      email: "ada@example.com",
      password: "long-enough",
      display_name: "Ada",
    });
  });
});
