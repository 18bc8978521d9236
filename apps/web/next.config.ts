import type { NextConfig } from "next";

/** Where the Fastify API listens; the browser never talks to it directly. */
const apiUrl = (process.env.PLINTH_API_URL ?? "http://127.0.0.1:4000").replace(/\/+$/, "");

const config: NextConfig = {
  // The blueprint package ships TypeScript source, not a build.
  transpilePackages: ["@plinth/blueprint"],
  // Workspace packages import their siblings as "./x.js" (ESM TypeScript); webpack maps that
  // to x.ts. Turbopack has no equivalent yet, hence --webpack in the scripts.
  webpack(webpackConfig: { resolve: { extensionAlias?: Record<string, string[]> } }) {
    webpackConfig.resolve.extensionAlias = { ".js": [".ts", ".tsx", ".js"] };
    return webpackConfig;
  },
  // Proxied through the same origin so the httpOnly session cookie and EventSource just work.
  async rewrites() {
    return [
      { source: "/api/:path*", destination: `${apiUrl}/api/:path*` },
      { source: "/rest/:path*", destination: `${apiUrl}/rest/:path*` },
    ];
  },
  // Gzip would buffer the job progress stream (text/event-stream) that is proxied above.
  compress: false,
  poweredByHeader: false,
  // `next dev` serves its scripts only to localhost unless told; the root scripts use 127.0.0.1.
  allowedDevOrigins: ["127.0.0.1"],
};

export default config;
