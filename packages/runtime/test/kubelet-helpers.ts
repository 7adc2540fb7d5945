// Helpers of the mini-kubelet's integration tests: a LocalNode on its own containerd (tmp home,
// own bridge and subnet), pod builders, and waits on pod status.
import { down, localNodePaths } from "../src/containerd";
import { CriClient } from "../src/cri";
import { LocalNode } from "../src/local-node";
import type { Container, ContainerStatus, Pod, PodSpec } from "@podscope/core";
import { removeHome, testNodeOptions, type TestNode } from "./cri-fixture";

export interface KubeletTestNode {
  node: LocalNode;
  cri: CriClient;
  opts: TestNode;
  close(): Promise<void>;
}

export async function startTestNode(tag: string): Promise<KubeletTestNode> {
  const opts = testNodeOptions(tag);
  const node = await LocalNode.start({ home: opts.home, containerd: { bridge: opts.bridge, podSubnet: opts.podSubnet } });
  const cri = new CriClient(localNodePaths(opts.home).socket);
  return {
    node,
    cri,
    opts,
    async close() {
      for (const p of node.listPods())
        await node.deletePod(p.metadata.namespace!, p.metadata.name!, { gracePeriodSeconds: 0 }).catch(() => undefined);
      await node.stop();
      cri.close();
      const report = await down({ home: opts.home, bridge: opts.bridge, podSubnet: opts.podSubnet });
      if (report.errors.length) throw new Error(`down failed: ${report.errors.join("; ")}`);
      removeHome(opts);
    },
  };
}

export function pod(name: string, spec: Partial<PodSpec> & { containers: Container[] }): Pod {
  return { apiVersion: "v1", kind: "Pod", metadata: { name, namespace: "default" }, spec: { terminationGracePeriodSeconds: 2, ...spec } };
}

export function sh(name: string, script: string, extra: Partial<Container> = {}): Container {
  return { name, image: "busybox", command: ["sh", "-c", script], ...extra };
}

export async function waitForPod(node: LocalNode, name: string, what: string, pred: (p: Pod) => boolean, timeoutMs = 30_000): Promise<Pod> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const p = node.getPod("default", name);
    let ok = false;
    try {
      ok = !!p && pred(p);
    } catch {
      /* a status not written yet */
    }
    if (ok) return p!;
    if (Date.now() > deadline) throw new Error(`timed out waiting for pod ${name}: ${what}; last status: ${JSON.stringify(p?.status)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export function cs(p: Pod, name: string): ContainerStatus {
  const s = [...(p.status?.containerStatuses ?? []), ...(p.status?.initContainerStatuses ?? [])].find((c) => c.name === name);
  if (!s) throw new Error(`no status for container ${name} in ${JSON.stringify(p.status)}`);
  return s;
}

export function cond(p: Pod, type: string) {
  return p.status?.conditions?.find((c) => c.type === type);
}

/** The pid of a container's (or the sandbox's) process, from containerd's verbose status. */
export async function containerPid(cri: CriClient, p: Pod, container: string): Promise<number> {
  const id = cs(p, container).containerID!.replace("containerd://", "");
  const res = await cri.containerStatus(id, true);
  return JSON.parse(res.info.info).pid;
}

export async function sandboxPid(cri: CriClient, p: Pod): Promise<number> {
  const [sb] = await cri.listPodSandbox({ label_selector: { "io.kubernetes.pod.uid": p.metadata.uid! } });
  const res = await cri.podSandboxStatus(sb.id, true);
  return JSON.parse(res.info.info).pid;
}
