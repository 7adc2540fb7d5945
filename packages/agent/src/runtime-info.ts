// A pod's container runtime details (CRI PodSandboxStatus and ContainerStatus, verbose), as JSON for the
// pod page: what `crictl inspectp` / `crictl inspect` would show a node operator, trimmed to what the page draws.
import { isNotFound, POD_NAME_LABEL, POD_NAMESPACE_LABEL, POD_UID_LABEL, type CRI } from "@podscope/runtime";
import type { ReadOnlyCri } from "./cri";
import type { CriPod } from "./pod-map";
import type { AgentContainerRuntime, AgentPodRuntime, AgentSandboxRuntime } from "./wire";

const LABELS_SHOWN = [POD_NAME_LABEL, POD_NAMESPACE_LABEL, POD_UID_LABEL];

/** CRI times are nanoseconds since the epoch, 0 for "not yet": RFC 3339 (as Kubernetes writes times) or "". */
export function criTime(ns: number): string {
  return ns > 0 ? new Date(Math.floor(ns / 1e6)).toISOString() : "";
}

/** What containerd's verbose `info` document holds that we show; other runtimes may put nothing there. */
export interface VerboseInfo {
  pid?: unknown;
  runtimeSpec?: { linux?: { namespaces?: { type?: string; path?: string }[] } };
  /** The sandbox config the kubelet sent (RunPodSandbox): its cgroup parent says where the pod's cgroups are. */
  config?: { linux?: { cgroup_parent?: unknown } };
}

export function verboseInfo(info: Record<string, string> | undefined): VerboseInfo {
  const raw = info?.info;
  if (!raw) return {};
  try {
    const v: unknown = JSON.parse(raw);
    return v && typeof v === "object" ? (v as VerboseInfo) : {};
  } catch {
    return {}; // not JSON: a runtime other than containerd; the details without a PID are still right
  }
}

const positivePid = (v: unknown): number | undefined => (typeof v === "number" && v > 0 ? v : undefined);

export function sandboxRuntime(sb: CRI.PodSandbox, res: CRI.PodSandboxStatusResponse | null): AgentSandboxRuntime {
  const st = res?.status;
  const info = verboseInfo(res?.info);
  const labels = st?.labels ?? sb.labels ?? {};
  const netns = info.runtimeSpec?.linux?.namespaces?.find((n) => n.type === "network")?.path;
  const opts = st?.linux?.namespaces?.options;
  const pausePid = positivePid(info.pid);
  return {
    id: sb.id,
    state: st?.state ?? sb.state,
    createdAt: criTime(st?.created_at ?? sb.created_at),
    runtimeHandler: st?.runtime_handler ?? sb.runtime_handler ?? "",
    attempt: st?.metadata?.attempt ?? sb.metadata?.attempt ?? 0,
    podIP: st?.network?.ip ?? "",
    additionalIPs: (st?.network?.additional_ips ?? []).map((i) => i.ip),
    ...(netns && { networkNamespacePath: netns }),
    ...(opts && { namespaceOptions: { network: opts.network, pid: opts.pid, ipc: opts.ipc } }),
    ...(pausePid && { pausePid }),
    labels: Object.fromEntries(LABELS_SHOWN.filter((k) => labels[k] !== undefined).map((k) => [k, labels[k]])),
  };
}

export function containerRuntime(c: CRI.Container, res: CRI.ContainerStatusResponse | null): AgentContainerRuntime {
  const st = res?.status;
  const pid = st?.state === "CONTAINER_RUNNING" ? positivePid(verboseInfo(res?.info).pid) : undefined;
  return {
    id: c.id,
    name: st?.metadata?.name ?? c.metadata?.name ?? "",
    sandboxId: c.pod_sandbox_id,
    image: st?.image?.image ?? c.image?.image ?? "",
    imageRef: st?.image_ref ?? c.image_ref,
    state: st?.state ?? c.state,
    createdAt: criTime(st?.created_at ?? c.created_at),
    startedAt: criTime(st?.started_at ?? 0),
    finishedAt: criTime(st?.finished_at ?? 0),
    exitCode: st?.exit_code ?? 0,
    reason: st?.reason ?? "",
    message: st?.message ?? "",
    ...(pid && { pid }),
    attempt: st?.metadata?.attempt ?? c.metadata?.attempt ?? 0,
  };
}

/** A status call for something removed between the list and the status is no error: show what the list said. */
async function orNullIfGone<T>(p: Promise<T>): Promise<T | null> {
  try {
    return await p;
  } catch (e) {
    if (isNotFound(e)) return null;
    throw e;
  }
}

export async function readPodRuntime(cri: ReadOnlyCri, pod: CriPod): Promise<AgentPodRuntime> {
  const current = pod.sandboxes[0];
  const [version, sbStatus, statuses] = await Promise.all([
    cri.version(),
    orNullIfGone(cri.podSandboxStatus(current.id, true)),
    Promise.all(pod.containers.map((c) => orNullIfGone(cri.containerStatus(c.id, true)))),
  ]);
  const containers = pod.containers
    .map((c, i) => containerRuntime(c, statuses[i]))
    .sort((a, b) => a.name.localeCompare(b.name) || b.attempt - a.attempt || b.createdAt.localeCompare(a.createdAt));
  return {
    pod: { namespace: pod.entry.namespace, name: pod.entry.name, uid: pod.entry.uid },
    sandbox: sandboxRuntime(current, sbStatus),
    sandboxIds: pod.sandboxes.map((s) => s.id),
    containers,
    runtime: { name: version.runtime_name, version: version.runtime_version },
  };
}
