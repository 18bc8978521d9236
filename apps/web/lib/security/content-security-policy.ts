/**
 * The web app's Content Security Policy, built per request around a fresh nonce: Next.js
 * puts the nonce on its own inline and bundle scripts (it reads it from the policy on the
 * request), so no other script runs, and 'strict-dynamic' lets those scripts load their
 * chunks. Styles allow inline because Radix and the charts set style attributes; a style
 * cannot run code. Only the API (same origin) and a configured external data API may be
 * called.
 */
export interface PolicyOptions {
  nonce: string;
  /** `next dev` needs eval for React's debugging aids; a production build does not. */
  development: boolean;
  /** An external data API the runtime talks to (PLINTH_DATA_API_URL), if any. */
  dataApiUrl?: string;
}

export function contentSecurityPolicy({ nonce, development, dataApiUrl }: PolicyOptions): string {
  const connect = ["'self'", ...(dataApiUrl ? [new URL(dataApiUrl).origin] : [])];
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    // An app's records may link images anywhere; an image cannot run code.
    "img-src 'self' blob: data: https: http:",
    "font-src 'self' data:",
    `connect-src ${connect.join(" ")}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

export function newNonce(): string {
  return btoa(crypto.randomUUID());
}
