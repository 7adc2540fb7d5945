// The agent's process entry, bundled into the image as agent.mjs: `node agent.mjs [--listen …] [--fs-root …]
// [--cri-socket …] [--node-name …]`. Everything it reads comes from its flags and environment (no repository
// files: the bundle runs alone in its container). SIGTERM (the kubelet stopping the pod) closes the server and exits 0.
import { hostname } from "node:os";
import { AGENT_USAGE, AgentUsageError, parseAgentArgs } from "./options";
import { startAgent } from "./server";
import { AGENT_NAME, AGENT_VERSION } from "./constants";

async function main(): Promise<void> {
  const opts = parseAgentArgs(process.argv.slice(2), process.env, hostname());
  if (opts.help) {
    process.stdout.write(`usage: ${AGENT_NAME} [flags]\n\n${AGENT_USAGE}\n`);
    return;
  }
  const agent = await startAgent(opts);
  process.stdout.write(
    `${AGENT_NAME} ${AGENT_VERSION} on node ${opts.nodeName}: listening on ${opts.listen.host}:${agent.port}, ` +
      `host at "${opts.fsRoot || "/"}", CRI socket ${opts.criSocket}\n`,
  );
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`${signal}: stopping\n`);
    agent.close().then(
      () => process.exit(0),
      (e: unknown) => {
        process.stderr.write(`error while stopping: ${e instanceof Error ? e.message : String(e)}\n`);
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}

main().catch((e: unknown) => {
  process.stderr.write(`error: ${e instanceof Error ? e.message : String(e)}\n`);
  if (e instanceof AgentUsageError) process.stderr.write(`\n${AGENT_USAGE}\n`);
  process.exit(e instanceof AgentUsageError ? 2 : 1);
});
