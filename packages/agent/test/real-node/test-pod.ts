// A pod for the agent to look at: busybox sleeping on kubelet-real, in the deployment's own namespace (so
// teardown's namespace deletion removes it too), tolerating the node's taint, started from the node's own image.
import type { Pod } from "@podscope/core";
import { describeFailure, ok, type AgentDeployment } from "./deploy";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Creates the pod and resolves once its container runs (the pod as the API server then has it). */
export async function runTestPod(d: AgentDeployment, name: string, timeoutMs = 120_000): Promise<Pod> {
  await ok(d.api, "POST", `/api/v1/namespaces/${d.namespace}/pods`, {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace: d.namespace },
    spec: {
      nodeSelector: { "kubernetes.io/hostname": d.kubelet.nodeName },
      tolerations: [{ key: d.kubelet.taintKey, operator: "Exists", effect: "NoSchedule" }],
      automountServiceAccountToken: false,
      terminationGracePeriodSeconds: 0,
      containers: [{ name: "app", image: "localhost/busybox:latest", imagePullPolicy: "Never", command: ["sleep", "3600"] }],
    },
  });
  const end = Date.now() + timeoutMs;
  for (;;) {
    const pod = (await ok(d.api, "GET", `/api/v1/namespaces/${d.namespace}/pods/${name}`)) as Pod;
    if (pod.status?.containerStatuses?.[0]?.state?.running) return pod;
    if (Date.now() > end) throw new Error(`pod ${name} did not start:\n${await describeFailure(d.api, d.namespace, pod)}`);
    await sleep(500);
  }
}
