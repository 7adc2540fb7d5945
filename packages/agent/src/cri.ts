// The agent's only door to the container runtime: the five read-only CRI calls it needs and nothing else.
// Whatever runtime client is handed in (containerd's socket, or a fake in unit tests), the agent can reach
// only what this object exposes — no Run/Stop/Remove/Exec/Update can be called through it.
import { CriClient, type CRI } from "@podscope/runtime";

/** The read-only CRI RPCs the agent calls: Version, ListPodSandbox, PodSandboxStatus, ListContainers, ContainerStatus. */
export interface ReadOnlyCri {
  version(): Promise<CRI.VersionResponse>;
  listPodSandbox(filter?: CRI.PodSandboxFilter): Promise<CRI.PodSandbox[]>;
  podSandboxStatus(podSandboxId: string, verbose?: boolean): Promise<CRI.PodSandboxStatusResponse>;
  listContainers(filter?: CRI.ContainerFilter): Promise<CRI.Container[]>;
  containerStatus(containerId: string, verbose?: boolean): Promise<CRI.ContainerStatusResponse>;
}

/** Method names of ReadOnlyCri, for tests that assert nothing else is reachable. */
export const READ_ONLY_CRI_METHODS = ["version", "listPodSandbox", "podSandboxStatus", "listContainers", "containerStatus"] as const;

/** A frozen object with just the read-only calls of `runtime`, bound to it. */
export function readOnlyCri(runtime: CRI.RuntimeService): ReadOnlyCri {
  return Object.freeze({
    version: () => runtime.version(),
    listPodSandbox: (filter?: CRI.PodSandboxFilter) => runtime.listPodSandbox(filter),
    podSandboxStatus: (id: string, verbose?: boolean) => runtime.podSandboxStatus(id, verbose),
    listContainers: (filter?: CRI.ContainerFilter) => runtime.listContainers(filter),
    containerStatus: (id: string, verbose?: boolean) => runtime.containerStatus(id, verbose),
  });
}

// An agent answers a browser waiting on the pod page: a hung runtime must fail the request in seconds, not
// in the runtime client's default two minutes.
const AGENT_CRI_TIMEOUT_MS = 10_000;

/** The node's runtime over its CRI socket, read-only; `close` releases the connection. */
export function connectCri(socket: string): { cri: ReadOnlyCri; close(): void } {
  const client = new CriClient(socket, { timeoutMs: AGENT_CRI_TIMEOUT_MS });
  return { cri: readOnlyCri(client), close: () => client.close() };
}
