import { defineConfig } from "vitest/config";

// Every test talks to the real control plane started by test/global-setup.ts. Test files run
// one after another: some kill kube-apiserver or compact etcd, which would disturb the others.
export default defineConfig({
  test: {
    globalSetup: ["./test/global-setup.ts"],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
