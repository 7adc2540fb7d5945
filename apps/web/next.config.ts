import type { NextConfig } from "next";

// The API server is a separate process (packages/host, started by `podscope up` or apps/server). HTTP tRPC calls go through app/trpc/[...path]
// (a runtime proxy: a rewrite here would freeze the API port into the build); the WebSocket for
// subscriptions connects to the API port directly, which the browser learns from /podscope-config.

// A build-time API port, when one is set; else the browser falls back to @podscope/env's DEFAULT_PORT.
const buildApiPort = process.env.NEXT_PUBLIC_PODSCOPE_API_PORT || process.env.PODSCOPE_API_PORT;

const config: NextConfig = {
  // Our workspace packages export TypeScript source, not built JavaScript.
  transpilePackages: ["@podscope/core", "@podscope/drain", "@podscope/ui", "@podscope/api", "@podscope/env"],
  reactStrictMode: true,
  env: buildApiPort ? { NEXT_PUBLIC_PODSCOPE_API_PORT: buildApiPort } : {},
};

export default config;
