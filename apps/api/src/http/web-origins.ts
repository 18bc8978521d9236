/**
 * The origins whose pages may make cookie-authenticated writes: PLINTH_WEB_ORIGIN, else
 * the origin of PLINTH_WEB_URL. A loopback web URL also allows its other loopback
 * spellings, since a newcomer opens localhost and 127.0.0.1 alike.
 */
const LOOPBACK_HOSTS = ["localhost", "127.0.0.1", "[::1]"];

export function allowedWebOrigins(webUrl: string, configured: string[] | undefined): Set<string> {
  if (configured?.length) return new Set(configured.map((origin) => new URL(origin).origin));
  const url = new URL(webUrl);
  if (!LOOPBACK_HOSTS.includes(url.hostname)) return new Set([url.origin]);
  return new Set(
    LOOPBACK_HOSTS.map((host) => {
      const alias = new URL(url.origin);
      alias.hostname = host;
      return alias.origin;
    }),
  );
}
