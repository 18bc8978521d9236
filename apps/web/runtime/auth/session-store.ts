/**
 * The signed-in end user of one app, kept in localStorage under the app's slug: each
 * app has its own session, a reload keeps it, and every tab of the browser shares it —
 * signing in or out in one tab does the same in the others (the `storage` event). A
 * token past its expiry is dropped on read rather than sent to be refused.
 *
 * Signing out on purpose is remembered, so that the Plinth sign-in (which opens an app
 * without a password) does not sign the user straight back in.
 */
import type { RuntimeSession } from "../data/runtime-api";

type Listener = () => void;

export interface SessionStore {
  get(): RuntimeSession | null;
  /** A new session, or null when the old one stopped working (expired, refused). */
  set(session: RuntimeSession | null): void;
  /** The user chose to sign out: no session, and none opened for them until they sign in. */
  signOut(): void;
  /** Whether the user signed out of this app on purpose and has not signed in since. */
  signedOut(): boolean;
  subscribe(listener: Listener): () => void;
}

const SIGNED_OUT = "signed-out";

/** Where an app's session lives in localStorage. */
export const sessionKey = (slug: string) => `plinth.runtime.${slug}`;

/** Seconds since the epoch at which a JWT expires, or undefined when it cannot be read. */
export function tokenExpiry(token: string): number | undefined {
  try {
    const payload = JSON.parse(atob(token.split(".")[1]?.replaceAll("-", "+").replaceAll("_", "/") ?? ""));
    return typeof payload.exp === "number" ? payload.exp : undefined;
  } catch {
    return undefined;
  }
}

type Stored = { session: RuntimeSession | null; signedOut: boolean };

function parse(raw: string | null | undefined): Stored {
  if (raw === SIGNED_OUT) return { session: null, signedOut: true };
  try {
    const session = raw ? (JSON.parse(raw) as RuntimeSession) : null;
    return { session: session?.access_token ? session : null, signedOut: false };
  } catch {
    return { session: null, signedOut: false };
  }
}

/**
 * `events` is where other tabs' changes are announced (the window); without it the
 * store still works, only unaware of other tabs.
 */
export function createSessionStore(
  slug: string,
  storage: Storage | undefined,
  events?: Pick<Window, "addEventListener" | "removeEventListener">,
): SessionStore {
  const key = sessionKey(slug);
  const listeners = new Set<Listener>();
  const read = () => {
    try {
      return parse(storage?.getItem(key));
    } catch {
      return { session: null, signedOut: false };
    }
  };
  let state = read();
  const notify = () => {
    for (const listener of listeners) listener();
  };
  const write = (next: Stored) => {
    state = next;
    try {
      if (next.session) storage?.setItem(key, JSON.stringify(next.session));
      else if (next.signedOut) storage?.setItem(key, SIGNED_OUT);
      else storage?.removeItem(key);
    } catch {
      // Storage can be full or disabled (private mode); the session then lasts until reload.
    }
    notify();
  };
  // Another tab wrote the key (or cleared storage): take its value as ours.
  const onStorage = (event: StorageEvent) => {
    if (event.key !== key && event.key !== null) return;
    state = read();
    notify();
  };
  const expired = (s: RuntimeSession) => {
    const exp = tokenExpiry(s.access_token);
    return exp !== undefined && exp * 1000 <= Date.now();
  };
  return {
    get() {
      if (state.session && expired(state.session)) write({ session: null, signedOut: false });
      return state.session;
    },
    set(session) {
      write({ session, signedOut: false });
    },
    signOut() {
      write({ session: null, signedOut: true });
    },
    signedOut() {
      return state.signedOut;
    },
    subscribe(listener) {
      if (listeners.size === 0) events?.addEventListener("storage", onStorage);
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) events?.removeEventListener("storage", onStorage);
      };
    },
  };
}
