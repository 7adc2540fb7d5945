// Command line for the local node's containerd, for scripts and CI (run with tsx):
//   tsx packages/runtime/src/containerd/main.ts ensure|status|stop|down
// Options come from the environment (PODSCOPE_HOME, PODSCOPE_BRIDGE, PODSCOPE_POD_SUBNET,
// PODSCOPE_CACHE). Prints JSON on stdout; errors go to stderr with exit status 1.
import { down } from "./down";
import { containerdStatus, ensureContainerd, stopContainerd } from "./node";

const commands: Record<string, () => Promise<unknown>> = {
  async ensure() {
    const n = await ensureContainerd();
    n.cri.close();
    return { socket: n.socket, pid: n.pid, started: n.started, imported: n.imported, version: n.version };
  },
  status: () => containerdStatus(),
  async stop() {
    return { stopped: await stopContainerd() };
  },
  down: () => down(),
};

const name = process.argv[2] ?? "";
const command = commands[name];
if (!command) {
  console.error(`usage: main.ts ${Object.keys(commands).join("|")}${name ? ` (unknown command ${JSON.stringify(name)})` : ""}`);
  process.exit(2);
}
try {
  const result = await command();
  console.log(JSON.stringify(result, null, 2));
  const errors = (result as { errors?: string[] }).errors;
  if (errors?.length) process.exit(1);
} catch (err) {
  console.error(`podscope: ${(err as Error).message}`);
  process.exit(1);
}
