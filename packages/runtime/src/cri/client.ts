// A typed promise client for the CRI v1 RuntimeService and ImageService over a unix socket.
//
// It is deliberately thin: one method per RPC, request and response shapes as the proto has
// them (types.ts), plus the unwrapping every caller would do anyway (ids out of responses,
// lists out of wrappers). gRPC failures become CriError; an unreachable socket becomes
// CriUnavailableError with a message naming the socket.
import { existsSync } from "node:fs";
import * as grpc from "@grpc/grpc-js";
import { CriError, CriUnavailableError } from "./errors";
import { loadCriServices } from "./proto";
import type {
  AuthConfig,
  Container,
  ContainerConfig,
  ContainerFilter,
  ContainerStats,
  ContainerStatusResponse,
  ExecSyncResponse,
  Image,
  ImageService,
  ImageSpec,
  LinuxContainerResources,
  PodSandbox,
  PodSandboxConfig,
  PodSandboxFilter,
  PodSandboxStatusResponse,
  RuntimeService,
  VersionResponse,
} from "./types";

export interface CriClientOptions {
  /** Deadline of an ordinary call, in ms. RunPodSandbox includes CNI set-up, so keep it generous. */
  timeoutMs?: number;
}

/** What Exec and Attach ask of the streaming server: which streams, and whether it is a terminal. */
export interface StreamRequest {
  containerId: string;
  tty: boolean;
  stdin: boolean;
  stdout: boolean;
  stderr: boolean;
}

const DEFAULT_TIMEOUT_MS = 120_000;
// A pull is bounded by containerd's own progress deadline; this only guards against a hung socket.
const PULL_TIMEOUT_MS = 60 * 60_000;
// ExecSync gets the command's own timeout plus this much for the runtime's overhead.
const EXEC_MARGIN_MS = 15_000;

// The response's shape is the proto message's, which the generic `call<T>` names for each method.
type Callback = (err: grpc.ServiceError | null, res: unknown) => void;
// What a loaded service's constructor makes (grpc-js does not export the name): a client with one method per rpc.
type ServiceClient = InstanceType<grpc.ServiceClientConstructor>;
type Unary = (req: unknown, meta: grpc.Metadata, opts: grpc.CallOptions, cb: Callback) => grpc.ClientUnaryCall;

export class CriClient implements RuntimeService, ImageService {
  readonly socket: string;
  private readonly runtime: ServiceClient;
  private readonly images: ServiceClient;
  private readonly timeoutMs: number;

  constructor(socket: string, options: CriClientOptions = {}) {
    this.socket = socket;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const { RuntimeService, ImageService } = loadCriServices();
    const target = `unix://${socket}`;
    const channelOptions = {
      // ListImages/ListContainers can exceed the 4 MiB default on a busy node.
      "grpc.max_receive_message_length": 64 * 1024 * 1024,
      // After a containerd restart, reconnect within seconds: grpc-js would otherwise back off
      // towards two minutes, and every call in between fails as "not running".
      "grpc.initial_reconnect_backoff_ms": 100,
      "grpc.max_reconnect_backoff_ms": 2_000,
    };
    const credentials = grpc.credentials.createInsecure();
    this.runtime = new RuntimeService(target, credentials, channelOptions);
    // Share one connection between both services.
    this.images = new ImageService(target, credentials, { ...channelOptions, channelOverride: this.runtime.getChannel() });
  }

  close(): void {
    this.runtime.close();
  }

  // ---- RuntimeService ---------------------------------------------------------------------

  version(): Promise<VersionResponse> {
    return this.call(this.runtime, "Version", { version: "v1" });
  }

  /** Returns the new sandbox id. */
  async runPodSandbox(config: PodSandboxConfig, runtimeHandler = ""): Promise<string> {
    const res = await this.call<{ pod_sandbox_id: string }>(this.runtime, "RunPodSandbox", { config, runtime_handler: runtimeHandler });
    return res.pod_sandbox_id;
  }

  async stopPodSandbox(podSandboxId: string): Promise<void> {
    await this.call(this.runtime, "StopPodSandbox", { pod_sandbox_id: podSandboxId });
  }

  async removePodSandbox(podSandboxId: string): Promise<void> {
    await this.call(this.runtime, "RemovePodSandbox", { pod_sandbox_id: podSandboxId });
  }

  podSandboxStatus(podSandboxId: string, verbose = false): Promise<PodSandboxStatusResponse> {
    return this.call(this.runtime, "PodSandboxStatus", { pod_sandbox_id: podSandboxId, verbose });
  }

  async listPodSandbox(filter?: PodSandboxFilter): Promise<PodSandbox[]> {
    const res = await this.call<{ items: PodSandbox[] }>(this.runtime, "ListPodSandbox", { filter: filter ?? null });
    return res.items;
  }

  /** Returns the new container id. `sandboxConfig` must be the config the sandbox was run with. */
  async createContainer(podSandboxId: string, config: ContainerConfig, sandboxConfig: PodSandboxConfig): Promise<string> {
    const wire = { ...config, envs: (config.envs ?? []).map((e) => ({ key: e.key, value: Buffer.from(e.value, "utf8") })) };
    const res = await this.call<{ container_id: string }>(this.runtime, "CreateContainer", {
      pod_sandbox_id: podSandboxId,
      config: wire,
      sandbox_config: sandboxConfig,
    });
    return res.container_id;
  }

  async startContainer(containerId: string): Promise<void> {
    await this.call(this.runtime, "StartContainer", { container_id: containerId });
  }

  /** Sends the stop signal, then SIGKILL after `timeoutSeconds` (0: kill at once). */
  async stopContainer(containerId: string, timeoutSeconds: number): Promise<void> {
    await this.call(
      this.runtime,
      "StopContainer",
      { container_id: containerId, timeout: timeoutSeconds },
      this.timeoutMs + timeoutSeconds * 1000,
    );
  }

  async removeContainer(containerId: string): Promise<void> {
    await this.call(this.runtime, "RemoveContainer", { container_id: containerId });
  }

  async listContainers(filter?: ContainerFilter): Promise<Container[]> {
    const res = await this.call<{ containers: Container[] }>(this.runtime, "ListContainers", { filter: filter ?? null });
    return res.containers;
  }

  containerStatus(containerId: string, verbose = false): Promise<ContainerStatusResponse> {
    return this.call(this.runtime, "ContainerStatus", { container_id: containerId, verbose });
  }

  /** Runs `cmd` in the container and waits for it. `timeoutSeconds` 0 means no runtime-side limit. */
  execSync(containerId: string, cmd: string[], timeoutSeconds = 0): Promise<ExecSyncResponse> {
    const deadline = timeoutSeconds > 0 ? timeoutSeconds * 1000 + EXEC_MARGIN_MS : this.timeoutMs;
    return this.call(this.runtime, "ExecSync", { container_id: containerId, cmd, timeout: timeoutSeconds }, deadline);
  }

  /** A streaming URL (one use, short-lived) on the runtime's streaming server for `cmd` in the container. */
  async exec(req: StreamRequest & { cmd: string[] }): Promise<string> {
    const res = await this.call<{ url: string }>(this.runtime, "Exec", {
      container_id: req.containerId,
      cmd: req.cmd,
      tty: req.tty,
      stdin: req.stdin,
      stdout: req.stdout,
      stderr: req.stderr,
    });
    return res.url;
  }

  /** A streaming URL to attach to the container's main process. */
  async attach(req: StreamRequest): Promise<string> {
    const res = await this.call<{ url: string }>(this.runtime, "Attach", {
      container_id: req.containerId,
      tty: req.tty,
      stdin: req.stdin,
      stdout: req.stdout,
      stderr: req.stderr,
    });
    return res.url;
  }

  async containerStats(containerId: string): Promise<ContainerStats> {
    const res = await this.call<{ stats: ContainerStats }>(this.runtime, "ContainerStats", { container_id: containerId });
    return res.stats;
  }

  async updateContainerResources(containerId: string, linux: LinuxContainerResources): Promise<void> {
    await this.call(this.runtime, "UpdateContainerResources", { container_id: containerId, linux });
  }

  // ---- ImageService -----------------------------------------------------------------------

  async listImages(): Promise<Image[]> {
    const res = await this.call<{ images: Image[] }>(this.images, "ListImages", { filter: null });
    return res.images;
  }

  /** PullImage without a deadline of ours: a large image takes what it takes (containerd gives up on a stalled one). */
  async pullImage(image: ImageSpec, auth?: AuthConfig, sandboxConfig?: PodSandboxConfig, signal?: AbortSignal): Promise<string> {
    const res = await this.call<{ image_ref: string }>(
      this.images,
      "PullImage",
      { image, auth: auth ?? null, sandbox_config: sandboxConfig ?? null },
      PULL_TIMEOUT_MS,
      signal,
    );
    return res.image_ref;
  }

  /** The image, or null when the runtime does not have it. */
  async imageStatus(image: string): Promise<Image | null> {
    const res = await this.call<{ image: Image | null }>(this.images, "ImageStatus", { image: { image } });
    return res.image && res.image.id ? res.image : null;
  }

  async removeImage(image: string): Promise<void> {
    await this.call(this.images, "RemoveImage", { image: { image } });
  }

  // ---- plumbing ---------------------------------------------------------------------------

  /** One unary call; `signal` cancels it (the runtime sees the client's context canceled, as kubelet cancels a pod's sync). */
  private call<T>(client: ServiceClient, method: string, request: unknown, timeoutMs = this.timeoutMs, signal?: AbortSignal): Promise<T> {
    // Without the socket file grpc-js would only say "No connection established"; say why.
    if (!existsSync(this.socket)) {
      return Promise.reject(new CriUnavailableError(method, this.socket, "the socket does not exist"));
    }
    // A service client has one method per rpc of the proto, all unary here.
    const fn = client[method] as Unary;
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => call.cancel();
      const call = fn.call(client, request, new grpc.Metadata(), { deadline: Date.now() + timeoutMs }, (err, res) => {
        signal?.removeEventListener("abort", onAbort);
        if (err) reject(this.wrap(method, err));
        else resolve(res as T);
      });
      if (signal?.aborted) call.cancel();
      else signal?.addEventListener("abort", onAbort, { once: true });
    });
  }

  private wrap(method: string, err: grpc.ServiceError): CriError {
    const code = grpc.status[err.code] ?? String(err.code);
    const details = err.details || err.message;
    if (err.code === grpc.status.UNAVAILABLE) return new CriUnavailableError(method, this.socket, details);
    return new CriError(method, code, details);
  }
}
