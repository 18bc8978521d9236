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
  transpilePackages: ["@plinth/blueprint", "@plinth/contract"],
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
  // `next dev` serves its scripts only to localhost unless told; the root scripts use 127.0.0.1.
  allowedDevOrigins: ["127.0.0.1"],
};

export default config;
