import type { NextConfig } from "next";

/** Sent with every page and file; the Content Security Policy is per request (its nonce), so proxy.ts sets it. */
const WEB_SECURITY_HEADERS = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
];

const config: NextConfig = {
  // The e2e suite builds into its own folder, so it never disturbs a running `next dev`.
  distDir: process.env.NEXT_DIST_DIR ?? ".next",
  // The workspace packages ship TypeScript source, not a build.
  transpilePackages: ["@plinth/blueprint", "@plinth/contract", "@plinth/generate"],
  // Workspace packages import their siblings as "./x.js" (ESM TypeScript); webpack maps that
  // to x.ts. Turbopack has no equivalent yet, hence --webpack in the scripts.
  webpack(webpackConfig: { resolve: { extensionAlias?: Record<string, string[]> } }) {
    webpackConfig.resolve.extensionAlias = { ".js": [".ts", ".tsx", ".js"] };
    return webpackConfig;
  },
  // Gzip would buffer the job progress stream (text/event-stream) proxied by proxy.ts.
  compress: false,
  poweredByHeader: false,
  async headers() {
    return [{ source: "/:path*", headers: WEB_SECURITY_HEADERS }];
  },
  // A route handler cannot take over a WebSocket, so live updates (/realtime/v1) go to the
  // API through a rewrite, whose upgrade Next.js proxies. The API's address is read when
  // the config loads, like lib/security/forward-to-api.ts reads it per request.
  async rewrites() {
    const api = (process.env.PLINTH_API_URL ?? "http://127.0.0.1:4000").replace(/\/+$/, "");
    return [{ source: "/realtime/v1/:path*", destination: `${api}/realtime/v1/:path*` }];
  },
  // `next dev` serves its scripts only to localhost unless told; the root scripts use 127.0.0.1.
  allowedDevOrigins: ["127.0.0.1"],
};

export default config;
