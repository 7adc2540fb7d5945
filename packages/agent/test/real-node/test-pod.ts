// A pod for the agent to look at: busybox sleeping on kubelet-real, in the deployment's own namespace (so
// teardown's namespace deletion removes it too), tolerating the node's taint, started from the node's own image.
import type { Pod } from "@podscope/core";
import { describeFailure, ok, type AgentDeployment } from "./deploy";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const running = (pod: Pod | undefined) => pod?.status?.containerStatuses?.[0]?.state?.running !== undefined;

export interface TestPodOptions {
  /** How long the pod may take to run (default 120 s). */
  timeoutMs?: number;
  /**
   * A pod cache that must have seen the pod running too (a source whose views take the pod's node and container
   * IDs from its watch, not from the API server): the API server saying Running is not enough for those.
   */
  seenBy?: { getPod(namespace: string, name: string): Promise<Pod> };
}

/** Creates the pod and resolves once its container runs (the pod as the API server then has it). */
export async function runTestPod(d: AgentDeployment, name: string, opts: TestPodOptions = {}): Promise<Pod> {
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
  const end = Date.now() + (opts.timeoutMs ?? 120_000);
  for (;;) {
    const pod = (await ok(d.api, "GET", `/api/v1/namespaces/${d.namespace}/pods/${name}`)) as Pod;
    // Not found yet in the cache is "not seen yet", not a failure.
    const cached = opts.seenBy && (await opts.seenBy.getPod(d.namespace, name).catch(() => undefined));
    if (running(pod) && (!opts.seenBy || running(cached))) return pod;
    if (Date.now() > end) {
      if (running(pod)) throw new Error(`pod ${name} runs, but the pod cache never saw it running`);
      throw new Error(`pod ${name} did not start on ${d.kubelet.nodeName}:\n${await describeFailure(d.api, d.namespace, pod)}`);
    }
    await sleep(500);
  }
}
