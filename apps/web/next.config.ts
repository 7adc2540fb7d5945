import type { NextConfig } from "next";

// The API server is a separate process (apps/server). HTTP tRPC calls go through app/trpc/[...path]
// (a runtime proxy: a rewrite here would freeze the API port into the build); the WebSocket for
// subscriptions connects to the API port directly, which the browser learns from /podscope-config.

const config: NextConfig = {
  // Our workspace packages export TypeScript source, not built JavaScript.
  transpilePackages: ["@podscope/core", "@podscope/drain", "@podscope/ui", "@podscope/api"],
  reactStrictMode: true,
  env: { NEXT_PUBLIC_PODSCOPE_API_PORT: process.env.NEXT_PUBLIC_PODSCOPE_API_PORT ?? process.env.PODSCOPE_API_PORT ?? "7700" },
};

export default config;
