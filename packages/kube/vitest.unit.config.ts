import { defineConfig } from "vitest/config";

// The unit tests that need no cluster (fakes behind the ListerWatcher seam): run them alone, without the control
// plane, with `pnpm exec vitest run --config vitest.unit.config.ts`. The default config runs them too.
export default defineConfig({
  test: {
    include: ["test/reflector.test.ts"],
    testTimeout: 10_000,
  },
});
