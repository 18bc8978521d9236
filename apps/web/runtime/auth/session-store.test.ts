/** An app's session as the browser keeps it: shared by every tab, ended for all by a sign-out. */
import { afterEach, describe, expect, it, vi } from "vitest";
import { createSessionStore } from "./session-store";

afterEach(() => localStorage.clear());

const KEY = "plinth.runtime.crm";
const token = (exp: number) => `header.${btoa(JSON.stringify({ exp }))}.signature`;
const session = (email: string, exp = 9_999_999_999) => ({
  access_token: token(exp),
  user: { id: `u-${email}`, email, role: "manager", team_ids: [] },
});

/** What another tab's write looks like to this one: the storage changes, then the event arrives. */
function otherTabWrites(value: string | null) {
  if (value === null) localStorage.removeItem(KEY);
  else localStorage.setItem(KEY, value);
  window.dispatchEvent(new StorageEvent("storage", { key: KEY, newValue: value }));
}

describe("an app's session store", () => {
  it("is signed in in a new tab once any tab signed in", () => {
    createSessionStore("crm", localStorage, window).set(session("lee@acme.com"));
    expect(createSessionStore("crm", localStorage, window).get()?.user.email).toBe("lee@acme.com");
  });

  it("hears another tab sign in and out while it is open", () => {
    const store = createSessionStore("crm", localStorage, window);
    const heard = vi.fn();
    const stop = store.subscribe(heard);
    otherTabWrites(JSON.stringify(session("lee@acme.com")));
    expect(store.get()?.user.email).toBe("lee@acme.com");
    otherTabWrites("signed-out");
    expect(store.get()).toBeNull();
    expect(store.signedOut()).toBe(true);
    expect(heard).toHaveBeenCalledTimes(2);
    stop();
    otherTabWrites(JSON.stringify(session("kim@acme.com")));
    expect(heard).toHaveBeenCalledTimes(2);
  });

  it("ignores other keys of the storage", () => {
    const store = createSessionStore("crm", localStorage, window);
    const heard = vi.fn();
    store.subscribe(heard);
    localStorage.setItem("plinth.runtime.other", JSON.stringify(session("kim@acme.com")));
    window.dispatchEvent(new StorageEvent("storage", { key: "plinth.runtime.other" }));
    expect(heard).not.toHaveBeenCalled();
    expect(store.get()).toBeNull();
  });

  it("remembers a sign-out on purpose until the next sign-in, but not a session that merely ended", () => {
    const store = createSessionStore("crm", localStorage, window);
    store.set(session("lee@acme.com"));
    store.set(null);
    expect(store.signedOut()).toBe(false);
    store.signOut();
    expect(createSessionStore("crm", localStorage).signedOut()).toBe(true);
    store.set(session("lee@acme.com"));
    expect(store.signedOut()).toBe(false);
  });

  it("drops an expired token instead of handing it out", () => {
    localStorage.setItem(KEY, JSON.stringify(session("lee@acme.com", 1)));
    const store = createSessionStore("crm", localStorage, window);
    expect(store.get()).toBeNull();
    expect(localStorage.getItem(KEY)).toBeNull();
  });
});
