// @podscope/agent's import-safe surface: constants, paths, wire types and the manifest. Importing it starts
// nothing and reads nothing from the host; the HTTP server is at "@podscope/agent/server", the process entry
// (bundled into the agent's image) is src/main.ts.
export * from "./constants";
export * from "./paths";
export * from "./wire";
export * from "./manifest";
