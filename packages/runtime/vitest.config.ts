// The runtime's integration tests drive a real containerd: they share cgroup hierarchies and
// host networking, so files run one after another, with generous timeouts.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
