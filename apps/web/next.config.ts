import type { NextConfig } from "next";

/** Where the Fastify API listens; the browser never talks to it directly. */
const apiUrl = (process.env.PLINTH_API_URL ?? "http://127.0.0.1:4000").replace(/\/+$/, "");

const config: NextConfig = {
  // The blueprint package ships TypeScript source, not a build.
  transpilePackages: ["@plinth/blueprint"],
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
};

export default config;
