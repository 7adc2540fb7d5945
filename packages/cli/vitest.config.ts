import { defineConfig } from "vitest/config";

// The CLI tests start real servers and pods: one file at a time, generous timeouts.
export default defineConfig({ test: { fileParallelism: false, testTimeout: 60_000, hookTimeout: 120_000 } });
