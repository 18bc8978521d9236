/**
 * An app's data API asked from a page, as the runtime and supabase-js ask it: the page's
 * own fetch (same origin, through the web app's rewrite), an app user's token, the app's
 * schema as the profile.
 */
import { dataApiRequest } from "@plinth/api/testing";
import type { Page } from "playwright-core";
import { PASSWORD } from "./founder.js";

/** The data API token of the app session the page holds (the runtime keeps it in localStorage). */
export function sessionToken(page: Page, slug: string): Promise<string | undefined> {
  return page.evaluate(
    (slug) => JSON.parse(localStorage.getItem(`plinth.runtime.${slug}`) ?? "null")?.access_token,
    slug,
  );
}

/** Signs `email` in to the app from the page, as its sign-in screen does, and returns the data API token. */
export function signInToken(page: Page, slug: string, email: string, password = PASSWORD): Promise<string> {
  return page.evaluate(
    async ({ slug, email, password }) => {
      const response = await fetch(`/api/runtime/${slug}/sign-in`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email, password }),
      });
      return (await response.json()).access_token;
    },
    { slug, email, password },
  );
}

/** Calls the app's data API from the page: its status and JSON answer (null when it has none). */
export function dataApi<T = unknown>(
  page: Page,
  as: { token: string; schema: string },
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: T }> {
  return page.evaluate(
    async ({ path, init }) => {
      const response = await fetch(`/rest/v1/${path}`, init);
      return { status: response.status, json: await response.json().catch(() => null) };
    },
    { path, init: dataApiRequest(as.token, as.schema, method, body) },
  );
}
