/**
 * The first requests of an app page, sent by a few lines of script in the page's HTML
 * while its JavaScript still loads: the app's status and, when this browser holds a
 * session of the app, its blueprint for that session. Sent by the runtime itself they
 * would start only once React is running, a round trip later than needed. The runtime
 * takes each answer, once, when it asks for the same path with the same token; anything
 * else (a session that changed meanwhile, a later refresh) goes out as a request of its own.
 *
 * The script only reads what the runtime would send itself from this browser (the
 * session's token, to the same origin); the server renders nothing of the viewer's.
 */
interface EarlyRequest {
  path: string;
  bearer: string | null;
  response: Promise<Response>;
}

declare global {
  interface Window {
    __plinthEarly?: EarlyRequest[];
  }
}

/**
 * The inline script for an app page, given the paths of its status and blueprint and the
 * localStorage key of its session; its GETs are the ones apiFetch would send (same headers).
 */
export function earlyRequestsScript(paths: { status: string; blueprint: string; sessionKey: string }): string {
  const [status, blueprint, key] = [paths.status, paths.blueprint, paths.sessionKey].map((s) =>
    // In a <script>, "</script>" inside a string would end it; JSON escapes nothing of the kind.
    JSON.stringify(s).replaceAll("<", "\\u003c"),
  );
  return `(() => {
  const sent = (window.__plinthEarly = []);
  const get = (path, bearer) => {
    const headers = { accept: "application/json" };
    if (bearer) headers.authorization = "Bearer " + bearer;
    const response = fetch(path, { credentials: "same-origin", headers });
    response.catch(() => undefined);
    sent.push({ path, bearer: bearer || null, response });
  };
  get(${status});
  try {
    const token = JSON.parse(localStorage.getItem(${key}) || "null").access_token;
    if (typeof token === "string" && token) get(${blueprint}, token);
  } catch {}
})();`;
}

/** The early answer to a GET of `path` with `bearer`, if the page sent one; each is given out once. */
export function takeEarlyResponse(path: string, bearer?: string): Promise<Response> | undefined {
  const sent = typeof window === "undefined" ? undefined : window.__plinthEarly;
  const index = sent?.findIndex((r) => r.path === path && r.bearer === (bearer ?? null)) ?? -1;
  if (!sent || index < 0) return undefined;
  return sent.splice(index, 1)[0]?.response;
}
