/**
 * The token of an `Authorization: Bearer <token>` header, the one way every route reads it.
 * The scheme is case-insensitive (RFC 9110 §11.1); an empty token counts as none.
 */
export function bearerToken(header: string | string[] | undefined): string | undefined {
  if (typeof header !== "string" || !/^bearer /i.test(header)) return undefined;
  return header.slice(7).trim() || undefined;
}
