import { defineConfig } from "vitest/config";

// Next compiles JSX itself (tsconfig "jsx": "preserve"); a test that renders a component needs vite to do it.
export default defineConfig({ oxc: { jsx: { runtime: "automatic" } } });
