import { defineConfig } from "vitest/config";

// The fidelity suite talks to one real control plane: scenarios one after another, generous timeouts.
export default defineConfig({
  test: { include: ["fidelity/**/*.test.ts"], fileParallelism: false, testTimeout: 240_000, hookTimeout: 120_000 },
});
