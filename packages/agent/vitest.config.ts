// The agent's real-part test drives the host's containerd and cgroups: files run one after another,
// with the runtime tests' generous timeouts.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
