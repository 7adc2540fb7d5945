// TypeScript shapes of the CRI v1 messages podscope uses (runtime.v1, k8s.io/cri-api).
//
// Field names are the proto's own snake_case names, because the client loads the proto with
// keepCase: true — what you write here is exactly what goes on the wire. Enums travel as their
// names (enums: String), 64-bit integers as JS numbers (longs: Number; nanosecond timestamps
// lose sub-microsecond precision, which nothing here needs) and bytes as Buffers.
//
// Request-side shapes have optional fields (proto3: an absent field is its zero value).
// Response-side shapes have every scalar field present (defaults: true); a sub-message that the
// runtime did not set arrives as null.

// ---- enums --------------------------------------------------------------------------------

/** proto3 pitfall: POD is 0, so an unset mode means "shared with the pod". Set CONTAINER explicitly. */
export type NamespaceMode = "POD" | "CONTAINER" | "NODE" | "TARGET";
export type PodSandboxState = "SANDBOX_READY" | "SANDBOX_NOTREADY";
export type ContainerState = "CONTAINER_CREATED" | "CONTAINER_RUNNING" | "CONTAINER_EXITED" | "CONTAINER_UNKNOWN";
export type Protocol = "TCP" | "UDP" | "SCTP";
export type MountPropagation = "PROPAGATION_PRIVATE" | "PROPAGATION_HOST_TO_CONTAINER" | "PROPAGATION_BIDIRECTIONAL";
export type SecurityProfileType = "RuntimeDefault" | "Unconfined" | "Localhost";
/** Stop signal names as CRI spells them ("RUNTIME_DEFAULT", "SIGTERM", "SIGKILL", …). */
export type Signal = string;

export type Labels = Record<string, string>;

// ---- shared small messages ----------------------------------------------------------------

export interface Int64Value {
  value: number;
}
export interface UInt64Value {
  value: number;
}

export interface KeyValue {
  key: string;
  value: string;
}

export interface ImageSpec {
  image: string;
  annotations?: Labels;
  user_specified_image?: string;
  runtime_handler?: string;
}

export interface NamespaceOption {
  network?: NamespaceMode;
  pid?: NamespaceMode;
  ipc?: NamespaceMode;
  /** Container id whose pid namespace to join when pid is TARGET. */
  target_id?: string;
}

export interface SecurityProfile {
  profile_type?: SecurityProfileType;
  localhost_ref?: string;
}

export interface Mount {
  container_path: string;
  host_path: string;
  readonly?: boolean;
  selinux_relabel?: boolean;
  propagation?: MountPropagation;
}

export interface LinuxContainerResources {
  cpu_period?: number;
  cpu_quota?: number;
  cpu_shares?: number;
  memory_limit_in_bytes?: number;
  oom_score_adj?: number;
  cpuset_cpus?: string;
  cpuset_mems?: string;
  /** cgroup v2 key/values (e.g. "memory.high"). */
  unified?: Record<string, string>;
  memory_swap_limit_in_bytes?: number;
}

// ---- sandbox ------------------------------------------------------------------------------

export interface PodSandboxMetadata {
  name: string;
  uid: string;
  namespace: string;
  attempt?: number;
}

export interface DNSConfig {
  servers?: string[];
  searches?: string[];
  options?: string[];
}

export interface PortMapping {
  protocol?: Protocol;
  container_port?: number;
  host_port?: number;
  host_ip?: string;
}

export interface LinuxSandboxSecurityContext {
  namespace_options?: NamespaceOption;
  run_as_user?: Int64Value;
  run_as_group?: Int64Value;
  readonly_rootfs?: boolean;
  supplemental_groups?: number[];
  privileged?: boolean;
  seccomp?: SecurityProfile;
  apparmor?: SecurityProfile;
}

export interface LinuxPodSandboxConfig {
  /** cgroupfs driver naming, e.g. "/kubepods/besteffort/pod<uid>". */
  cgroup_parent?: string;
  security_context?: LinuxSandboxSecurityContext;
  sysctls?: Record<string, string>;
  overhead?: LinuxContainerResources;
  resources?: LinuxContainerResources;
}

export interface PodSandboxConfig {
  metadata: PodSandboxMetadata;
  hostname?: string;
  /** Directory under which container log_path values are resolved. */
  log_directory?: string;
  dns_config?: DNSConfig;
  port_mappings?: PortMapping[];
  labels?: Labels;
  annotations?: Labels;
  linux?: LinuxPodSandboxConfig;
}

export interface PodIP {
  ip: string;
}

export interface PodSandboxNetworkStatus {
  ip: string;
  additional_ips: PodIP[];
}

export interface LinuxPodSandboxStatus {
  namespaces: { options: Required<NamespaceOption> | null } | null;
}

export interface PodSandboxStatus {
  id: string;
  metadata: Required<PodSandboxMetadata> | null;
  state: PodSandboxState;
  /** Nanoseconds since the epoch. */
  created_at: number;
  network: PodSandboxNetworkStatus | null;
  linux: LinuxPodSandboxStatus | null;
  labels: Labels;
  annotations: Labels;
  runtime_handler: string;
}

export interface PodSandboxStatusResponse {
  status: PodSandboxStatus | null;
  /** With verbose: runtime-specific JSON strings; containerd puts the sandbox pid in info.info. */
  info: Record<string, string>;
  containers_statuses: ContainerStatus[];
  timestamp: number;
}

export interface PodSandboxFilter {
  id?: string;
  state?: { state: PodSandboxState };
  label_selector?: Labels;
}

export interface PodSandbox {
  id: string;
  metadata: Required<PodSandboxMetadata> | null;
  state: PodSandboxState;
  created_at: number;
  labels: Labels;
  annotations: Labels;
  runtime_handler: string;
}

// ---- containers ---------------------------------------------------------------------------

export interface ContainerMetadata {
  name: string;
  attempt?: number;
}

export interface Capability {
  add_capabilities?: string[];
  drop_capabilities?: string[];
}

export interface LinuxContainerSecurityContext {
  capabilities?: Capability;
  privileged?: boolean;
  namespace_options?: NamespaceOption;
  run_as_user?: Int64Value;
  run_as_group?: Int64Value;
  run_as_username?: string;
  readonly_rootfs?: boolean;
  supplemental_groups?: number[];
  no_new_privs?: boolean;
  masked_paths?: string[];
  readonly_paths?: string[];
  seccomp?: SecurityProfile;
  apparmor?: SecurityProfile;
}

export interface LinuxContainerConfig {
  resources?: LinuxContainerResources;
  security_context?: LinuxContainerSecurityContext;
}

export interface ContainerConfig {
  metadata: ContainerMetadata;
  image: ImageSpec;
  command?: string[];
  args?: string[];
  working_dir?: string;
  /** Plain strings here; the client encodes each value as UTF-8 bytes (the proto field is bytes). */
  envs?: KeyValue[];
  mounts?: Mount[];
  labels?: Labels;
  annotations?: Labels;
  /** Relative to the sandbox's log_directory. */
  log_path?: string;
  stdin?: boolean;
  stdin_once?: boolean;
  tty?: boolean;
  linux?: LinuxContainerConfig;
  stop_signal?: Signal;
}

export interface ContainerFilter {
  id?: string;
  state?: { state: ContainerState };
  pod_sandbox_id?: string;
  label_selector?: Labels;
}

export interface Container {
  id: string;
  pod_sandbox_id: string;
  metadata: Required<ContainerMetadata> | null;
  image: ImageSpec | null;
  image_ref: string;
  state: ContainerState;
  created_at: number;
  labels: Labels;
  annotations: Labels;
  image_id: string;
}

export interface ContainerStatus {
  id: string;
  metadata: Required<ContainerMetadata> | null;
  state: ContainerState;
  /** Nanoseconds since the epoch; 0 when it has not happened. */
  created_at: number;
  started_at: number;
  finished_at: number;
  exit_code: number;
  image: ImageSpec | null;
  image_ref: string;
  /** containerd: "Completed", "Error", "OOMKilled" for exited containers. */
  reason: string;
  message: string;
  labels: Labels;
  annotations: Labels;
  mounts: Mount[];
  /** Absolute path of the container's CRI log file. */
  log_path: string;
  resources: { linux: LinuxContainerResources | null } | null;
  image_id: string;
}

export interface ContainerStatusResponse {
  status: ContainerStatus | null;
  /** With verbose: containerd puts a JSON document with "pid" under info.info. */
  info: Record<string, string>;
}

export interface ExecSyncResponse {
  stdout: Buffer;
  stderr: Buffer;
  exit_code: number;
}

export interface CpuUsage {
  timestamp: number;
  usage_core_nano_seconds: UInt64Value | null;
  usage_nano_cores: UInt64Value | null;
}

export interface MemoryUsage {
  timestamp: number;
  working_set_bytes: UInt64Value | null;
  available_bytes: UInt64Value | null;
  usage_bytes: UInt64Value | null;
  rss_bytes: UInt64Value | null;
  page_faults: UInt64Value | null;
  major_page_faults: UInt64Value | null;
}

export interface ContainerStats {
  attributes: { id: string; metadata: Required<ContainerMetadata> | null; labels: Labels; annotations: Labels } | null;
  cpu: CpuUsage | null;
  memory: MemoryUsage | null;
  writable_layer: { timestamp: number; used_bytes: UInt64Value | null; inodes_used: UInt64Value | null } | null;
}

// ---- images -------------------------------------------------------------------------------

export interface Image {
  id: string;
  repo_tags: string[];
  repo_digests: string[];
  /** Bytes (unpacked size as containerd reports it). */
  size: number;
  uid: Int64Value | null;
  username: string;
  spec: ImageSpec | null;
  pinned: boolean;
}

/** Registry credentials for one pull (kubelet fills it from a docker config entry). */
export interface AuthConfig {
  username?: string;
  password?: string;
  /** base64 of "username:password", as docker config files store it. */
  auth?: string;
  server_address?: string;
  identity_token?: string;
  registry_token?: string;
}

export interface VersionResponse {
  version: string;
  runtime_name: string;
  runtime_version: string;
  runtime_api_version: string;
}

// ---- the services ---------------------------------------------------------------------------
// The calls the mini-kubelet makes, as interfaces: CriClient implements them over containerd's
// socket, and unit tests put an in-memory runtime behind them (test/fake-cri.ts).

/** CRI RuntimeService: sandboxes, containers, exec. Errors are CriError (code = gRPC status name). */
export interface RuntimeService {
  version(): Promise<VersionResponse>;
  /** Returns the new sandbox id. */
  runPodSandbox(config: PodSandboxConfig, runtimeHandler?: string): Promise<string>;
  stopPodSandbox(podSandboxId: string): Promise<void>;
  removePodSandbox(podSandboxId: string): Promise<void>;
  podSandboxStatus(podSandboxId: string, verbose?: boolean): Promise<PodSandboxStatusResponse>;
  listPodSandbox(filter?: PodSandboxFilter): Promise<PodSandbox[]>;
  /** Returns the new container id. */
  createContainer(podSandboxId: string, config: ContainerConfig, sandboxConfig: PodSandboxConfig): Promise<string>;
  startContainer(containerId: string): Promise<void>;
  /** Sends the stop signal, then SIGKILL after `timeoutSeconds`. */
  stopContainer(containerId: string, timeoutSeconds: number): Promise<void>;
  removeContainer(containerId: string): Promise<void>;
  listContainers(filter?: ContainerFilter): Promise<Container[]>;
  containerStatus(containerId: string, verbose?: boolean): Promise<ContainerStatusResponse>;
  execSync(containerId: string, cmd: string[], timeoutSeconds?: number): Promise<ExecSyncResponse>;
  containerStats(containerId: string): Promise<ContainerStats>;
  updateContainerResources(containerId: string, linux: LinuxContainerResources): Promise<void>;
}

/** CRI ImageService. Errors are CriError (code = gRPC status name). */
export interface ImageService {
  listImages(): Promise<Image[]>;
  /**
   * PullImage: the runtime fetches the image from its registry (containerd resolves, pulls and
   * unpacks). Returns the image ref (sha256:… id) of what was pulled. `signal` cancels the pull
   * (CriError CANCELLED).
   */
  pullImage(image: ImageSpec, auth?: AuthConfig, sandboxConfig?: PodSandboxConfig, signal?: AbortSignal): Promise<string>;
  /** The image, or null when the runtime does not have it. */
  imageStatus(image: string): Promise<Image | null>;
  removeImage(image: string): Promise<void>;
}
