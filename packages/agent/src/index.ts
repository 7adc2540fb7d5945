// @podscope/agent's import-safe surface: constants, wire types and the manifest. Importing it starts nothing and
// reads nothing from the host; the HTTP server is at "@podscope/agent/server", the process entry is src/main.ts.
export * from "./constants";
