// Entry point for scripts/agent-image.sh (run with tsx):
//   build            builds or finds the cached image archive; prints its path (details on stderr)
//   load SOCKET      the same, then imports it into that containerd's CRI namespace (k8s.io)
import { AGENT_IMAGE, AGENT_VERSION } from "../src/constants";
import { ensureAgentImage, loadAgentImage } from "./image";

const [cmd, socket] = process.argv.slice(2);
try {
  if ((cmd !== "build" && cmd !== "load") || (cmd === "load" && !socket)) {
    console.error("usage: agent-image.sh build | load <containerd socket>");
    process.exit(2);
  }
  const t0 = performance.now();
  const image = await ensureAgentImage({ name: AGENT_IMAGE, version: AGENT_VERSION });
  const mb = (image.size / 1024 / 1024).toFixed(1);
  const secs = ((performance.now() - t0) / 1000).toFixed(1);
  console.error(`[agent-image] ${image.name}: ${image.cached ? "cached" : "built"} in ${secs}s, ${mb} MB`);
  if (cmd === "load") {
    const t1 = performance.now();
    const names = await loadAgentImage(socket, image.file);
    console.error(`[agent-image] imported ${names.join(", ")} into ${socket} (k8s.io) in ${((performance.now() - t1) / 1000).toFixed(1)}s`);
  }
  console.log(image.file);
} catch (err) {
  console.error(`agent-image: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
