/** Forgotten passwords in the web app: asking for a mailed link, and setting the password a link allows. */
import { screen } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { apiError, fakeApi } from "@/test/fake-api";
import { renderWithApi } from "@/test/render";
import { PasswordResetPage } from "./password-reset";

const navigation = vi.hoisted(() => ({ params: new URLSearchParams(), replace: vi.fn() }));
vi.mock("next/navigation", () => ({
  useSearchParams: () => navigation.params,
  useRouter: () => ({ replace: navigation.replace, push: vi.fn() }),
}));

beforeEach(() => {
  navigation.replace.mockReset();
});
afterEach(() => vi.unstubAllGlobals());

describe("forgot your password", () => {
  it("asks for a link by email and says it is on its way", async () => {
    navigation.params = new URLSearchParams("app=crm");
    const api = fakeApi({
      "POST /api/auth/password-reset": {
        status: 202,
        body: { message: "If lee@acme.com has a Plinth account, a link is on its way." },
      },
    });
    const { user } = renderWithApi(<PasswordResetPage />);
    await user.type(screen.getByLabelText("Email"), "Lee@Acme.com");
    await user.click(screen.getByRole("button", { name: "Send me a link" }));
    expect(await screen.findByRole("status")).toHaveTextContent("a link is on its way");
    expect(api.callsTo("POST", "/api/auth/password-reset")[0]?.body).toEqual({ email: "lee@acme.com", app: "crm" });
  });

  it("says to ask the app's owner when the server sends no mail", async () => {
    navigation.params = new URLSearchParams();
    fakeApi({
      "POST /api/auth/password-reset": apiError(409, "mail_not_set_up", "This server sends no mail; ask the owner."),
    });
    const { user } = renderWithApi(<PasswordResetPage />);
    await user.type(screen.getByLabelText("Email"), "lee@acme.com");
    await user.click(screen.getByRole("button", { name: "Send me a link" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("ask the owner");
  });

  it("sets the new password from a link and goes back to the app", async () => {
    navigation.params = new URLSearchParams("token=r3set&app=crm");
    const api = fakeApi({ "POST /api/auth/password-reset/complete": { body: { user: {}, token: "t" } } });
    const { user } = renderWithApi(<PasswordResetPage />);
    await user.type(screen.getByLabelText("New password"), "a brand new lantern");
    await user.type(screen.getByLabelText("New password again"), "a brand new lantren");
    await user.click(screen.getByRole("button", { name: "Set password" }));
    expect(await screen.findByText("The two passwords differ; type it again.")).toBeInTheDocument();
    expect(api.calls).toHaveLength(0);

    await user.clear(screen.getByLabelText("New password again"));
    await user.type(screen.getByLabelText("New password again"), "a brand new lantern");
    await user.click(screen.getByRole("button", { name: "Set password" }));
    await vi.waitFor(() => expect(navigation.replace).toHaveBeenCalledWith("/apps/crm"));
    expect(api.callsTo("POST", "/api/auth/password-reset/complete")[0]?.body).toEqual({
      token: "r3set",
      password: "a brand new lantern",
    });
  });

  it("says when the link no longer works", async () => {
    navigation.params = new URLSearchParams("token=used");
    fakeApi({
      "POST /api/auth/password-reset/complete": apiError(
        410,
        "reset_link_invalid",
        "This reset link is not valid any more.",
      ),
    });
    const { user } = renderWithApi(<PasswordResetPage />);
    await user.type(screen.getByLabelText("New password"), "a brand new lantern");
    await user.type(screen.getByLabelText("New password again"), "a brand new lantern");
    await user.click(screen.getByRole("button", { name: "Set password" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("not valid any more");
    expect(navigation.replace).not.toHaveBeenCalled();
  });
});
