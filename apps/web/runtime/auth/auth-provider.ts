/**
 * Refine's auth provider for an app's end users: sign-in goes to the control plane
 * (POST /api/runtime/:slug/sign-in), the token lives in the app's session store, and a
 * data call refused for the token (PGRST301–303) signs the user out.
 */
import type { AuthProvider } from "@refinedev/core";
import { signInToApp } from "../data/runtime-api";
import type { SessionStore } from "./session-store";

const TOKEN_REFUSED = new Set(["PGRST301", "PGRST302", "PGRST303"]);

export function authProviderFor(
  slug: string,
  store: SessionStore,
  signIn: typeof signInToApp = signInToApp,
): AuthProvider {
  return {
    login: async ({ email, password }: { email: string; password: string }) => {
      try {
        store.set(await signIn(slug, email, password));
        return { success: true };
      } catch (error) {
        return { success: false, error: { name: "Sign-in failed", message: (error as Error).message } };
      }
    },
    logout: async () => {
      store.signOut();
      return { success: true };
    },
    check: async () =>
      store.get()
        ? { authenticated: true }
        : { authenticated: false, error: { name: "Signed out", message: "Sign in to use this app." } },
    getIdentity: async () => store.get()?.user ?? null,
    getPermissions: async () => store.get()?.user.role ?? null,
    onError: async (error: { code?: string }) => {
      if (error?.code && TOKEN_REFUSED.has(error.code)) {
        store.set(null);
        return { logout: true, error: { name: "Session ended", message: "Your session has ended; sign in again." } };
      }
      return {};
    },
  };
}
