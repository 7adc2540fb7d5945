import { defineConfig } from "vitest/config";

// Real-fs tests create cgroups and processes on the host: run test files one after another.
export default defineConfig({
  test: { fileParallelism: false, testTimeout: 30_000, hookTimeout: 30_000 },
});
