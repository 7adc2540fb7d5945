// The pod as a logical host: which namespaces the sandbox (pause) holds, which ones each container
// joins and which it keeps to itself, the ports on the pod IP and the volumes containers share.
// From the pod spec alone it says what kubelet asks the runtime for; with a namespace matrix from the
// node it says what the kernel actually did (and the two can disagree, e.g. on a misconfigured runtime).
import type { Container, Pod } from "@podscope/core";
import type { NamespaceType } from "@podscope/inspect";
import { NAMESPACE_KINDS, SANDBOX_CONTAINER, type NamespaceKind, type LsnsJson } from "../inspection";

export interface AnatomyContainer {
  name: string;
  init: boolean;
  sidecar: boolean;
  image: string;
  ports: { port: number; protocol: string; name?: string }[];
  mounts: { volume: string; path: string; readOnly: boolean }[];
  /** Namespaces this container shares with the sandbox (the sandbox's own, never the host's). */
  joins: NamespaceKind[];
  /** Namespaces of its own. */
  own: NamespaceKind[];
  /** Namespaces it is in because the host is (read from the node): neither its own nor pause's. */
  host: NamespaceType[];
  state: "running" | "waiting" | "terminated" | "unknown";
  stateReason?: string;
}

export interface AnatomyVolume {
  name: string;
  type: string;
  usedBy: string[];
}

export interface AnatomyModel {
  podIP: string | null;
  hostname: string;
  /** What pause holds: namespaces the sandbox created, which the containers join. */
  sandboxNamespaces: NamespaceKind[];
  /** Namespaces the whole pod shares with the host (PID 1's), read from the node; empty from the spec alone. */
  hostNamespaces: NamespaceType[];
  containers: AnatomyContainer[];
  volumes: AnatomyVolume[];
  /** "kernel" when namespace sharing was read from the node, "spec" when inferred from the pod spec. */
  basis: "kernel" | "spec";
}

// What kubelet requests: net, ipc and uts always come from the sandbox; pid too with
// shareProcessNamespace. mnt is always per container. cgroup/user follow the node's defaults
// (private cgroup namespace on cgroup v2, host user namespace without hostUsers: false).
function specNamespaces(pod: Pod): { sandbox: NamespaceKind[]; joins: NamespaceKind[] } {
  const sandbox: NamespaceKind[] = ["net", "ipc", "uts"];
  if (pod.spec.shareProcessNamespace) sandbox.push("pid");
  return { sandbox, joins: [...sandbox] };
}

function volumeType(v: Record<string, unknown>): string {
  const t = Object.keys(v).find((k) => k !== "name");
  return t ?? "unknown";
}

function stateOf(pod: Pod, name: string, init: boolean): Pick<AnatomyContainer, "state" | "stateReason"> {
  const list = init ? pod.status?.initContainerStatuses : pod.status?.containerStatuses;
  const s = list?.find((c) => c.name === name)?.state;
  if (s?.running) return { state: "running" };
  if (s?.waiting) return { state: "waiting", stateReason: s.waiting.reason };
  if (s?.terminated) return { state: "terminated", stateReason: s.terminated.reason ?? `exit ${s.terminated.exitCode}` };
  return { state: "unknown" };
}

export function buildAnatomy(pod: Pod, matrix?: LsnsJson | null): AnatomyModel {
  const spec = specNamespaces(pod);
  const sandboxProc = matrix?.processes.find((p) => p.container === SANDBOX_CONTAINER);
  const basis = sandboxProc ? "kernel" : "spec";
  // The host's namespaces (PID 1's inodes, when the server sent them): being in one is not sharing pause's.
  const host = matrix?.hostNamespaces?.namespaces;
  const inHost = (k: NamespaceType, ino: number | undefined) => ino !== undefined && host?.[k] === ino;
  const kinds: readonly NamespaceType[] = [...NAMESPACE_KINDS, "time"];
  const sandboxNamespaces = sandboxProc
    ? NAMESPACE_KINDS.filter(
        (k) =>
          !inHost(k, sandboxProc.namespaces[k]) &&
          matrix!.processes.some(
            (p) => p.container !== SANDBOX_CONTAINER && p.namespaces[k] !== undefined && p.namespaces[k] === sandboxProc.namespaces[k],
          ),
      )
    : spec.sandbox;
  const hostNamespaces = sandboxProc ? kinds.filter((k) => inHost(k, sandboxProc.namespaces[k])) : [];

  const describe = (c: Container, init: boolean): AnatomyContainer => {
    let joins = spec.joins;
    let inHostNs: NamespaceType[] = [];
    if (sandboxProc) {
      const procs = matrix!.processes.filter((p) => p.container === c.name);
      if (procs.length > 0) {
        joins = NAMESPACE_KINDS.filter(
          (k) =>
            !inHost(k, procs[0].namespaces[k]) &&
            procs[0].namespaces[k] !== undefined &&
            procs[0].namespaces[k] === sandboxProc.namespaces[k],
        );
        inHostNs = kinds.filter((k) => inHost(k, procs[0].namespaces[k]));
      }
    }
    return {
      name: c.name,
      init,
      sidecar: init && c.restartPolicy === "Always",
      image: c.image ?? "",
      ports: (c.ports ?? []).map((p) => ({ port: p.containerPort, protocol: p.protocol ?? "TCP", name: p.name })),
      mounts: (c.volumeMounts ?? []).map((m) => ({ volume: m.name, path: m.mountPath, readOnly: !!m.readOnly })),
      joins,
      own: NAMESPACE_KINDS.filter((k) => !joins.includes(k) && !inHostNs.includes(k)),
      host: inHostNs,
      ...stateOf(pod, c.name, init),
    };
  };
  const containers = [
    ...(pod.spec.initContainers ?? []).map((c) => describe(c, true)),
    ...pod.spec.containers.map((c) => describe(c, false)),
  ];
  const volumes = (pod.spec.volumes ?? []).map((v) => ({
    name: v.name,
    type: volumeType(v),
    usedBy: containers.filter((c) => c.mounts.some((m) => m.volume === v.name)).map((c) => c.name),
  }));
  return {
    podIP: pod.status?.podIP ?? pod.status?.podIPs?.[0]?.ip ?? null,
    hostname: pod.spec.hostname ?? pod.metadata.name ?? "",
    sandboxNamespaces,
    hostNamespaces,
    containers,
    volumes,
    basis,
  };
}
