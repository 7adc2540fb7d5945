// A stand-in for the podscope server in the adoption test: starts a LocalNode, creates one pod,
// prints "READY <uid>" once the pod is Ready, then idles until it is killed with SIGKILL.
import { LocalNode } from "../src/local-node";

const [home, bridge, podSubnet] = process.argv.slice(2);
const node = await LocalNode.start({ home, containerd: { bridge, podSubnet } });
const { pod } = await node.createPod({
  apiVersion: "v1", kind: "Pod", metadata: { name: "survivor", namespace: "default" },
  spec: {
    terminationGracePeriodSeconds: 2,
    containers: [{ name: "app", image: "busybox", command: ["sh", "-c", "echo up; sleep 3600"], readinessProbe: { exec: { command: ["true"] }, periodSeconds: 1 } }],
  },
});
node.on("pod", (p) => {
  if (p.status?.conditions?.find((c: { type: string; status: string }) => c.type === "Ready")?.status === "True") {
    // Leave time for the state file (debounced) to be written, as a server that ran a while would have.
    setTimeout(() => console.log(`READY ${pod.metadata.uid}`), 1000);
  }
});
setInterval(() => {}, 1 << 30);
