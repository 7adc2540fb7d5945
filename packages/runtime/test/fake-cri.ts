// An in-memory CRI runtime for unit tests of the pod worker: sandboxes and containers whose fate
// the test decides (exit with a code, OOM, pause process dying, removal behind the kubelet's back).
// Timestamps come from the test's clock. Errors are CriErrors with the codes containerd uses.
import { CriError, type CRI } from "../src/cri";

interface FakeSandbox {
  id: string;
  config: CRI.PodSandboxConfig;
  state: CRI.PodSandboxState;
  ip: string;
  createdNs: number;
}
interface FakeContainer {
  id: string;
  sandboxId: string;
  config: CRI.ContainerConfig;
  status: CRI.ContainerStatus;
}

const ms2ns = (ms: number) => ms * 1e6;

export class FakeCri implements CRI.RuntimeService, CRI.ImageService {
  readonly sandboxes = new Map<string, FakeSandbox>();
  readonly containers = new Map<string, FakeContainer>();
  /** Every call, as "Method id" (for assertions on what the worker did). */
  readonly calls: string[] = [];
  /** Images the runtime has (full names as the resolver asks for them). */
  images = new Set(["localhost/busybox:latest"]);
  /** Exit code of a container stopped by StopContainer (a shell as PID 1 dies of SIGTERM: 143). */
  stopExitCode = 143;
  /** ExecSync's answer (probes, hooks). */
  exec: (containerId: string, cmd: string[]) => { exitCode: number; output?: string } = () => ({ exitCode: 0 });
  /**
   * PullImage's answer: the full name to store the image under, or a CriError to fail with.
   * Default: the image is found under its normalized name.
   */
  pull: (image: string, auth?: CRI.AuthConfig, signal?: AbortSignal) => string | CriError | Promise<string | CriError> = (image) =>
    image.includes("/") ? image : `docker.io/library/${image}`;
  /** Every PullImage, with the credentials it was given. */
  readonly pulls: { image: string; auth?: CRI.AuthConfig }[] = [];
  private seq = 0;

  constructor(private readonly nowMs: () => number) {}

  // ---- what a test does to the runtime ----------------------------------------------------

  /** The newest container of that name (in any sandbox). */
  container(name: string): FakeContainer {
    const list = [...this.containers.values()].filter((c) => c.config.metadata.name === name);
    if (!list.length) throw new Error(`no container ${name}`);
    return list[list.length - 1];
  }

  /** The process exits by itself. */
  exit(name: string, exitCode: number, reason = exitCode === 0 ? "Completed" : "Error"): void {
    const c = this.container(name);
    if (c.status.state !== "CONTAINER_RUNNING") throw new Error(`${name} is ${c.status.state}`);
    Object.assign(c.status, { state: "CONTAINER_EXITED", exit_code: exitCode, reason, finished_at: ms2ns(this.nowMs()) });
  }

  /** The kernel's OOM killer. */
  oom(name: string): void {
    this.exit(name, 137, "OOMKilled");
  }

  /** The pause process dies: the sandbox is NOTREADY, its containers keep running. */
  killSandbox(id: string): void {
    this.sandboxOf(id).state = "SANDBOX_NOTREADY";
  }

  // ---- RuntimeService ---------------------------------------------------------------------

  async version(): Promise<CRI.VersionResponse> {
    return { version: "0.1.0", runtime_name: "fake", runtime_version: "1.0", runtime_api_version: "v1" };
  }

  async runPodSandbox(config: CRI.PodSandboxConfig): Promise<string> {
    const id = `sb${++this.seq}`;
    this.calls.push(`RunPodSandbox ${id}`);
    this.sandboxes.set(id, { id, config, state: "SANDBOX_READY", ip: `10.88.0.${this.seq}`, createdNs: ms2ns(this.nowMs()) });
    return id;
  }

  async stopPodSandbox(id: string): Promise<void> {
    this.calls.push(`StopPodSandbox ${id}`);
    const sb = this.sandboxOf(id);
    sb.state = "SANDBOX_NOTREADY";
    for (const c of this.containers.values()) if (c.sandboxId === id && c.status.state === "CONTAINER_RUNNING") this.stopped(c, 137);
  }

  async removePodSandbox(id: string): Promise<void> {
    this.calls.push(`RemovePodSandbox ${id}`);
    this.sandboxOf(id);
    this.sandboxes.delete(id);
    for (const [cid, c] of this.containers) if (c.sandboxId === id) this.containers.delete(cid);
  }

  async podSandboxStatus(id: string): Promise<CRI.PodSandboxStatusResponse> {
    const sb = this.sandboxOf(id);
    const metadata = { attempt: 0, ...sb.config.metadata };
    return {
      status: {
        id,
        metadata,
        state: sb.state,
        created_at: sb.createdNs,
        network: { ip: sb.state === "SANDBOX_READY" ? sb.ip : "", additional_ips: [] },
        linux: null,
        labels: sb.config.labels ?? {},
        annotations: sb.config.annotations ?? {},
        runtime_handler: "",
      },
      info: {},
      containers_statuses: [],
      timestamp: 0,
    };
  }

  async listPodSandbox(filter?: CRI.PodSandboxFilter): Promise<CRI.PodSandbox[]> {
    return [...this.sandboxes.values()]
      .filter((sb) => matches(sb.config.labels ?? {}, filter?.label_selector))
      .map((sb) => ({
        id: sb.id,
        metadata: { attempt: 0, ...sb.config.metadata },
        state: sb.state,
        created_at: sb.createdNs,
        labels: sb.config.labels ?? {},
        annotations: sb.config.annotations ?? {},
        runtime_handler: "",
      }));
  }

  async createContainer(sandboxId: string, config: CRI.ContainerConfig, sandboxConfig: CRI.PodSandboxConfig): Promise<string> {
    this.sandboxOf(sandboxId);
    const id = `c${++this.seq}`;
    this.calls.push(`CreateContainer ${config.metadata.name} ${id}`);
    this.containers.set(id, {
      id,
      sandboxId,
      config,
      status: {
        id,
        metadata: { name: config.metadata.name, attempt: config.metadata.attempt ?? 0 },
        state: "CONTAINER_CREATED",
        created_at: ms2ns(this.nowMs()),
        started_at: 0,
        finished_at: 0,
        exit_code: 0,
        image: config.image,
        image_ref: "sha256:fake",
        reason: "",
        message: "",
        labels: config.labels ?? {},
        annotations: config.annotations ?? {},
        mounts: [],
        log_path: `${sandboxConfig.log_directory}/${config.log_path}`,
        resources: null,
        image_id: "",
      },
    });
    return id;
  }

  async startContainer(id: string): Promise<void> {
    this.calls.push(`StartContainer ${id}`);
    Object.assign(this.containerOf(id).status, { state: "CONTAINER_RUNNING", started_at: ms2ns(this.nowMs()) });
  }

  async stopContainer(id: string, timeoutSeconds: number): Promise<void> {
    this.calls.push(`StopContainer ${id} ${timeoutSeconds}`);
    const c = this.containerOf(id);
    if (c.status.state === "CONTAINER_RUNNING") this.stopped(c, this.stopExitCode);
  }

  async removeContainer(id: string): Promise<void> {
    this.calls.push(`RemoveContainer ${id}`);
    this.containerOf(id);
    this.containers.delete(id);
  }

  async listContainers(filter?: CRI.ContainerFilter): Promise<CRI.Container[]> {
    return [...this.containers.values()]
      .filter((c) => matches(c.status.labels, filter?.label_selector) && (!filter?.pod_sandbox_id || c.sandboxId === filter.pod_sandbox_id))
      .map((c) => ({
        id: c.id,
        pod_sandbox_id: c.sandboxId,
        metadata: c.status.metadata,
        image: c.status.image,
        image_ref: c.status.image_ref,
        state: c.status.state,
        created_at: c.status.created_at,
        labels: c.status.labels,
        annotations: c.status.annotations,
        image_id: "",
      }));
  }

  async containerStatus(id: string): Promise<CRI.ContainerStatusResponse> {
    return { status: structuredClone(this.containerOf(id).status), info: {} };
  }

  async execSync(id: string, cmd: string[]): Promise<CRI.ExecSyncResponse> {
    this.calls.push(`ExecSync ${id} ${cmd.join(" ")}`);
    const r = this.exec(id, cmd);
    return { stdout: Buffer.from(r.output ?? ""), stderr: Buffer.alloc(0), exit_code: r.exitCode };
  }

  async containerStats(): Promise<CRI.ContainerStats> {
    return { attributes: null, cpu: null, memory: null, writable_layer: null };
  }

  async updateContainerResources(): Promise<void> {}

  // ---- ImageService -----------------------------------------------------------------------

  async listImages(): Promise<CRI.Image[]> {
    return [...this.images].map((name) => image(name));
  }

  async pullImage(spec: CRI.ImageSpec, auth?: CRI.AuthConfig, _sandbox?: CRI.PodSandboxConfig, signal?: AbortSignal): Promise<string> {
    this.calls.push(`PullImage ${spec.image}`);
    this.pulls.push({ image: spec.image, auth });
    const r = await this.pull(spec.image, auth, signal);
    if (r instanceof CriError) throw r;
    this.images.add(r);
    return image(r).id;
  }

  async imageStatus(name: string): Promise<CRI.Image | null> {
    return this.images.has(name) ? image(name) : null;
  }

  async removeImage(name: string): Promise<void> {
    this.images.delete(name);
  }

  // ---- plumbing ---------------------------------------------------------------------------

  private stopped(c: FakeContainer, exitCode: number): void {
    Object.assign(c.status, { state: "CONTAINER_EXITED", exit_code: exitCode, reason: "Error", finished_at: ms2ns(this.nowMs()) });
  }

  private sandboxOf(id: string): FakeSandbox {
    const sb = this.sandboxes.get(id);
    if (!sb) throw new CriError("PodSandboxStatus", "NOT_FOUND", `an error occurred when try to find sandbox "${id}": not found`);
    return sb;
  }

  private containerOf(id: string): FakeContainer {
    const c = this.containers.get(id);
    if (!c) throw new CriError("ContainerStatus", "NOT_FOUND", `an error occurred when try to find container "${id}": not found`);
    return c;
  }
}

function matches(labels: CRI.Labels, selector: CRI.Labels | undefined): boolean {
  return Object.entries(selector ?? {}).every(([k, v]) => labels[k] === v);
}

function image(name: string): CRI.Image {
  return { id: `sha256:${name.length}`, repo_tags: [name], repo_digests: [], size: 1, uid: null, username: "", spec: null, pinned: false };
}
