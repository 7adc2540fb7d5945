// A stand-in for the podscope server in the adoption tests: starts a LocalNode, creates one pod,
// prints "READY <uid>" once the pod is Ready, then idles until it is killed with SIGKILL. A line
// "delete" on stdin starts the pod's deletion (not awaited) and prints "DELETING" a second later.
import { LocalNode } from "../src/local-node";

const [home, bridge, podSubnet, grace = "2", script = "echo up; sleep 3600"] = process.argv.slice(2);
const node = await LocalNode.start({ home, containerd: { bridge, podSubnet } });
const { pod } = await node.createPod({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: "survivor", namespace: "default" },
  spec: {
    terminationGracePeriodSeconds: Number(grace),
    containers: [
      { name: "app", image: "busybox", command: ["sh", "-c", script], readinessProbe: { exec: { command: ["true"] }, periodSeconds: 1 } },
    ],
  },
});
node.on("pod", (p) => {
  if (p.status?.conditions?.find((c: { type: string; status: string }) => c.type === "Ready")?.status === "True") {
    // Leave time for the state file (debounced) to be written, as a server that ran a while would have.
    setTimeout(() => console.log(`READY ${pod.metadata.uid}`), 1000);
  }
});
process.stdin.on("data", (d) => {
  if (String(d).trim() !== "delete") return;
  void node.deletePod("default", "survivor");
  setTimeout(() => console.log("DELETING"), 1000);
});
setInterval(() => {}, 1 << 30);
