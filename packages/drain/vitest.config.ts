import { defineConfig } from "vitest/config";

// Unit tests only; the fidelity suite (fidelity/, needs the control plane) has its own config and script.
export default defineConfig({ test: { include: ["test/**/*.test.ts"] } });
