import type { NextConfig } from "next";

// The API server is a separate process (apps/server). HTTP tRPC calls go through this rewrite so the
// browser talks to one origin; the WebSocket for subscriptions connects to the API port directly
// (Next rewrites do not carry WebSocket upgrades in `next start`).
const apiPort = process.env.PODSCOPE_API_PORT ?? "7700";

const config: NextConfig = {
  // Our workspace packages export TypeScript source, not built JavaScript.
  transpilePackages: ["@podscope/core", "@podscope/ui", "@podscope/api"],
  reactStrictMode: true,
  env: { NEXT_PUBLIC_PODSCOPE_API_PORT: process.env.NEXT_PUBLIC_PODSCOPE_API_PORT ?? apiPort },
  async rewrites() {
    return [{ source: "/trpc/:path*", destination: `http://127.0.0.1:${apiPort}/trpc/:path*` }];
  },
};

export default config;
