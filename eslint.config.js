// Lint config. typescript-eslint's recommended rules everywhere, plus the type-aware rules that catch what
// review kept finding: `any`, swallowed errors, promises nobody awaits. The import rules below are the layer
// rules of shared/design/ARCHITECTURE.md, checked on every file so a package cannot quietly reach upward.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

// Which workspace packages each folder may import (ARCHITECTURE.md "may import"). `types` may be imported
// with `import type` only: the web app must not bundle the server-side API or inspection code.
const layers = {
  "packages/core": { allow: [] },
  "packages/env": { allow: [] },
  "packages/drain": { allow: ["core"] },
  "packages/inspect": { allow: ["core"] },
  "packages/runtime": { allow: ["core", "inspect", "env"] },
  "packages/kube": { allow: ["core", "drain", "env", "agent"] },
  // The node agent runs alone on a node: it reads the host through inspect and the CRI through runtime, never
  // the server's layers (api, host, cli) — its bundle must not pull them in.
  "packages/agent": { allow: ["core", "inspect", "runtime"] },
  // env: a leaf of constants (its browser tests launch Chromium with the project's one set of options).
  "packages/ui": { allow: ["core", "drain", "env"], types: ["inspect"] },
  "apps/web": { allow: ["core", "drain", "ui", "env"], types: ["api", "inspect"] },
};
const ALL = ["core", "drain", "inspect", "runtime", "kube", "agent", "api", "ui", "cli", "host", "env", "server", "web"];

function layerRules(folder, { allow, types = [] }) {
  const forbidden = ALL.filter((p) => !allow.includes(p) && !types.includes(p) && `packages/${p}` !== folder);
  const patterns = [
    ...forbidden.map((p) => ({
      group: [`@podscope/${p}`, `@podscope/${p}/*`],
      message: `${folder} may not import @podscope/${p} (see ARCHITECTURE.md, "may import").`,
    })),
    ...types.map((p) => ({
      group: [`@podscope/${p}`, `@podscope/${p}/*`],
      allowTypeImports: true,
      message: `${folder} may import only types from @podscope/${p}: use \`import type\`.`,
    })),
  ];
  return {
    files: [`${folder}/**/*.{ts,tsx}`],
    // Benchmarks are harnesses: they may start a server or the whole stack to measure a layer from outside.
    ignores: [`${folder}/bench/**`],
    rules: { "@typescript-eslint/no-restricted-imports": ["error", { patterns }] },
  };
}

export default tseslint.config(
  { ignores: ["**/node_modules/**", "**/.next/**", "**/dist/**", "**/next-env.d.ts", "artifacts/**", "**/*.config.*js", "scripts/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
      // An empty catch hides the one error someone will need; say why it is safe or record it.
      "no-empty": ["error", { allowEmptyCatch: false }],
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/await-thenable": "error",
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: { attributes: false } }],
    },
  },
  ...Object.entries(layers).map(([folder, spec]) => layerRules(folder, spec)),
  {
    // The CLI is a package: it may use every package, never an app.
    files: ["packages/cli/**/*.ts"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["@podscope/server", "@podscope/server/*", "@podscope/web", "@podscope/web/*"],
              message: "packages never import apps: the server's composition lives in a package.",
            },
          ],
        },
      ],
    },
  },
);
