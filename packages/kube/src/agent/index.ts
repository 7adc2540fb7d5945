export * from "./failure";
export * from "./pod";
export * from "./client";
export * from "./inspector";
export * from "./status";
// The shapes the agent answers with, for the layers above that may not import the agent package.
export type { AgentPodRuntime, AgentVersionInfo } from "@podscope/agent";
