// A declarative read-only runtime for the agent's unit tests: the sandboxes and containers a node's CRI would
// list, with 64-hex IDs that name cgroups as containerd's do. It implements only ReadOnlyCri, the agent's seam.
import { CriError, CriUnavailableError, type CRI } from "@podscope/runtime";
import type { ReadOnlyCri } from "../src/cri";

export interface FakeSandbox {
  id: string;
  namespace: string;
  name: string;
  uid: string;
  ready?: boolean;
  createdMs: number;
  ip?: string;
  pausePid?: number;
  netns?: string;
}

export interface FakeContainer {
  id: string;
  sandboxId: string;
  name: string;
  attempt?: number;
  state?: CRI.ContainerState;
  image?: string;
  createdMs: number;
  exitCode?: number;
  reason?: string;
  pid?: number;
}

const ns = (ms: number) => ms * 1e6;

export class FakeRuntime implements ReadOnlyCri {
  sandboxes: FakeSandbox[] = [];
  containers: FakeContainer[] = [];
  /** Every call, by method name. */
  readonly calls: string[] = [];
  /** Set to make every call fail as a vanished socket does. */
  unavailable?: string;

  private guard(method: string): void {
    this.calls.push(method);
    if (this.unavailable) throw new CriUnavailableError(method, this.unavailable, "the socket does not exist");
  }

  async version(): Promise<CRI.VersionResponse> {
    this.guard("Version");
    return { version: "0.1.0", runtime_name: "containerd", runtime_version: "v2.0.0-fake", runtime_api_version: "v1" };
  }

  async listPodSandbox(): Promise<CRI.PodSandbox[]> {
    this.guard("ListPodSandbox");
    return this.sandboxes.map((s) => ({
      id: s.id,
      metadata: { name: s.name, namespace: s.namespace, uid: s.uid, attempt: 0 },
      state: s.ready === false ? "SANDBOX_NOTREADY" : "SANDBOX_READY",
      created_at: ns(s.createdMs),
      labels: { "io.kubernetes.pod.name": s.name, "io.kubernetes.pod.namespace": s.namespace, "io.kubernetes.pod.uid": s.uid, app: "x" },
      annotations: {},
      runtime_handler: "",
    }));
  }

  async podSandboxStatus(id: string, verbose = false): Promise<CRI.PodSandboxStatusResponse> {
    this.guard("PodSandboxStatus");
    const s = this.sandboxes.find((x) => x.id === id);
    if (!s) throw new CriError("PodSandboxStatus", "NOT_FOUND", `sandbox ${id} not found`);
    const [listed] = (await this.listPodSandbox()).filter((x) => x.id === id);
    this.calls.pop();
    const info: Record<string, string> = verbose
      ? {
          info: JSON.stringify({
            pid: s.pausePid ?? 0,
            runtimeSpec: { linux: { namespaces: [{ type: "pid" }, { type: "network", path: s.netns }] } },
          }),
        }
      : {};
    return {
      status: {
        ...listed,
        metadata: listed.metadata!,
        network: { ip: s.ip ?? "", additional_ips: [] },
        linux: { namespaces: { options: { network: "POD", pid: "CONTAINER", ipc: "POD", target_id: "" } } },
      },
      info,
      containers_statuses: [],
      timestamp: 0,
    };
  }

  async listContainers(): Promise<CRI.Container[]> {
    this.guard("ListContainers");
    return this.containers.map((c) => ({
      id: c.id,
      pod_sandbox_id: c.sandboxId,
      metadata: { name: c.name, attempt: c.attempt ?? 0 },
      image: { image: c.image ?? "docker.io/library/busybox:latest" },
      image_ref: "sha256:busybox",
      state: c.state ?? "CONTAINER_RUNNING",
      created_at: ns(c.createdMs),
      labels: { "io.kubernetes.container.name": c.name },
      annotations: {},
      image_id: "",
    }));
  }

  async containerStatus(id: string, verbose = false): Promise<CRI.ContainerStatusResponse> {
    this.guard("ContainerStatus");
    const c = this.containers.find((x) => x.id === id);
    if (!c) throw new CriError("ContainerStatus", "NOT_FOUND", `container ${id} not found`);
    const running = (c.state ?? "CONTAINER_RUNNING") === "CONTAINER_RUNNING";
    const info: Record<string, string> = verbose ? { info: JSON.stringify({ pid: running ? (c.pid ?? 0) : 0 }) } : {};
    return {
      status: {
        id,
        metadata: { name: c.name, attempt: c.attempt ?? 0 },
        state: c.state ?? "CONTAINER_RUNNING",
        created_at: ns(c.createdMs),
        started_at: ns(c.createdMs + 100),
        finished_at: running ? 0 : ns(c.createdMs + 5000),
        exit_code: c.exitCode ?? 0,
        image: { image: c.image ?? "docker.io/library/busybox:latest" },
        image_ref: "docker.io/library/busybox@sha256:abc",
        reason: c.reason ?? "",
        message: "",
        labels: { "io.kubernetes.container.name": c.name },
        annotations: {},
        mounts: [],
        log_path: "",
        resources: null,
        image_id: "",
      },
      info,
    };
  }
}
