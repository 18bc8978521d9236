/**
 * An app's members as people meet them: the founder invites an address (through the API
 * from their signed-in page, as the members panel does) and the invited person opens
 * the link in a browser of their own, creating a Plinth account to join.
 */
import type { Browser, Page } from "playwright-core";
import { openPage, type TrackedPage } from "./browser.js";
import { PASSWORD } from "./founder.js";

/** The founder on `page` invites `email` with `role`; returns the invitation link's secret. */
export async function inviteMember(page: Page, appId: string, email: string, role: string): Promise<string> {
  const link = await page.evaluate(
    async ({ appId, email, role }) => {
      const response = await fetch(`/api/apps/${appId}/members`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email, role }),
      });
      const body = await response.json();
      if (!response.ok) throw new Error(`inviting ${email} failed: ${JSON.stringify(body)}`);
      return body.invite_url as string;
    },
    { appId, email, role },
  );
  return new URL(link).searchParams.get("invite") as string;
}

/** Opens the invitation in a new browser context as `email`, creates their account and joins. */
export async function joinWithInvitation(
  browser: Browser,
  app: { slug: string; name: string },
  invite: string,
  email: string,
): Promise<TrackedPage> {
  const tab = await openPage(browser);
  const { page } = tab;
  await page.goto(`/apps/${app.slug}?invite=${encodeURIComponent(invite)}`);
  await page.getByRole("heading", { name: `Join ${app.name}` }).waitFor();
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account and join" }).click();
  await page.getByRole("navigation", { name: "App" }).waitFor();
  // The one-time secret leaves the address bar once it is used.
  await page.waitForURL((url) => !url.searchParams.has("invite"));
  return tab;
}

/** Opens the app in a new tab and signs `user` in through its sign-in screen, as far as the app's navigation. */
export async function signInToApp(
  browser: Browser,
  slug: string,
  user: { email: string; password: string },
): Promise<TrackedPage> {
  const tab = await openPage(browser);
  await tab.page.goto(`/apps/${slug}`);
  await tab.page.getByLabel("Email").fill(user.email);
  await tab.page.getByLabel("Password").fill(user.password);
  await tab.page.getByRole("button", { name: "Sign in" }).click();
  await tab.page.getByRole("navigation", { name: "App" }).waitFor();
  return tab;
}
