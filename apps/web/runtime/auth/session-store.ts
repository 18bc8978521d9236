/**
 * The signed-in end user of one app, kept in sessionStorage under the app's slug so
 * each app (and each browser tab) has its own session and a reload keeps it. A token
 * past its expiry is dropped on read rather than sent to be refused.
 */
import type { RuntimeSession } from "../data/runtime-api";

type Listener = () => void;

export interface SessionStore {
  get(): RuntimeSession | null;
  set(session: RuntimeSession | null): void;
  subscribe(listener: Listener): () => void;
}

/** Seconds since the epoch at which a JWT expires, or undefined when it cannot be read. */
export function tokenExpiry(token: string): number | undefined {
  try {
    const payload = JSON.parse(atob(token.split(".")[1]?.replaceAll("-", "+").replaceAll("_", "/") ?? ""));
    return typeof payload.exp === "number" ? payload.exp : undefined;
  } catch {
    return undefined;
  }
}

export function createSessionStore(slug: string, storage: Storage | undefined): SessionStore {
  const key = `plinth.runtime.${slug}`;
  const listeners = new Set<Listener>();
  let current: RuntimeSession | null = null;
  try {
    const raw = storage?.getItem(key);
    if (raw) current = JSON.parse(raw) as RuntimeSession;
  } catch {
    current = null;
  }
  const expired = (s: RuntimeSession) => {
    const exp = tokenExpiry(s.access_token);
    return exp !== undefined && exp * 1000 <= Date.now();
  };
  return {
    get() {
      if (current && expired(current)) this.set(null);
      return current;
    },
    set(session) {
      current = session;
      try {
        if (session) storage?.setItem(key, JSON.stringify(session));
        else storage?.removeItem(key);
      } catch {
        // Storage can be full or disabled (private mode); the session then lasts until reload.
      }
      for (const listener of listeners) listener();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
