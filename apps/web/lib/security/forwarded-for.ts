/**
 * Where proxy.ts keeps the X-Forwarded-For a request arrived with: Next.js fills
 * X-Forwarded-For with the connection's address only when the request has none, so
 * proxy.ts moves the client's claim aside and forward-to-api.ts puts both in order.
 */
export const CLAIMED_FORWARDED_FOR = "x-plinth-claimed-forwarded-for";
