// The agent as Kubernetes objects (pure): Namespace, ServiceAccount and a DaemonSet that runs one read-only
// agent on every node. `podscope agent manifest` prints them; tests apply them to a real control plane.
import { stringify } from "yaml";
import {
  AGENT_FS_ROOT,
  AGENT_IMAGE,
  AGENT_LABELS,
  AGENT_NAME,
  AGENT_NAMESPACE,
  AGENT_PORT,
  AGENT_PORT_NAME,
  AGENT_SELECTOR_LABELS,
  DEFAULT_CRI_SOCKET,
} from "./constants";
import { AGENT_HEALTH_PATH } from "./paths";

export type PullPolicy = "Always" | "IfNotPresent" | "Never";
export const PULL_POLICIES: readonly PullPolicy[] = ["Always", "IfNotPresent", "Never"];

export interface AgentManifestOptions {
  /** Namespace of the ServiceAccount and DaemonSet, created by the manifest (default podscope-system). */
  namespace?: string;
  /** Default podscope.local/agent:<AGENT_VERSION>, which setup builds and loads into the node's runtime. */
  image?: string;
  pullPolicy?: PullPolicy;
  /** The CRI socket's path on the nodes (default /run/containerd/containerd.sock). */
  criSocket?: string;
  /** Run the agent only on nodes with these labels (default: every node). */
  nodeSelector?: Record<string, string>;
}

/** A Kubernetes object as the manifest writes it: plain JSON, the fields this manifest uses. */
export interface ManifestObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  [field: string]: unknown;
}

// Requests sized from the agent's measured footprint: the bundled agent holds 65–70 MB resident after serving
// the node's views a few dozen times (node + grpc-js), and uses next to no CPU between requests. Limits leave
// room for a node with hundreds of pods, whose kubepods tree is one large JSON document.
export const AGENT_RESOURCES = {
  requests: { cpu: "10m", memory: "64Mi" },
  limits: { cpu: "200m", memory: "128Mi" },
} as const;

/** Where the host paths appear in the agent's container: below AGENT_FS_ROOT, at their host paths. */
const inContainer = (hostPath: string) => `${AGENT_FS_ROOT}${hostPath}`;

export function agentManifest(opts: AgentManifestOptions = {}): ManifestObject[] {
  const namespace = opts.namespace ?? AGENT_NAMESPACE;
  const criSocket = opts.criSocket ?? DEFAULT_CRI_SOCKET;
  // The socket keeps its default path inside the container whatever the node calls it, so the agent's args
  // never depend on the node's layout.
  const criSocketInContainer = inContainer(DEFAULT_CRI_SOCKET);
  const labels = { ...AGENT_LABELS };
  const metadata = (name: string) => ({ name, namespace, labels: { ...labels } });
  const hostMounts = [
    // /proc: every process's stat, cmdline, cgroup and ns links; /proc/1/mountinfo says where the cgroups are.
    { name: "proc", hostPath: "/proc", type: "Directory" },
    { name: "cgroup", hostPath: "/sys/fs/cgroup", type: "Directory" },
    // Only the socket file, not its directory: the agent sees nothing else of the runtime's state.
    { name: "cri-socket", hostPath: criSocket, type: "Socket", mountPath: criSocketInContainer },
  ];
  return [
    { apiVersion: "v1", kind: "Namespace", metadata: { name: namespace, labels: { ...labels } } },
    {
      apiVersion: "v1",
      kind: "ServiceAccount",
      metadata: metadata(AGENT_NAME),
      // The agent never calls the API server: no token in its pods, nothing to steal from them.
      automountServiceAccountToken: false,
    },
    {
      apiVersion: "apps/v1",
      kind: "DaemonSet",
      metadata: metadata(AGENT_NAME),
      spec: {
        selector: { matchLabels: { ...AGENT_SELECTOR_LABELS } },
        updateStrategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 1 } },
        template: {
          metadata: { labels: { ...labels } },
          spec: {
            serviceAccountName: AGENT_NAME,
            automountServiceAccountToken: false,
            // The host's PID namespace: the PIDs the runtime reports (pause, containers) are the agent's own
            // /proc's, and /host/proc shows every process of the node. No hostNetwork: the agent listens in the
            // pod network and is reached only through the API server's pods/proxy.
            hostPID: true,
            // Every taint: the views are wanted most on the nodes that are tainted (cordoned, draining, NoExecute).
            tolerations: [{ operator: "Exists" }],
            ...(opts.nodeSelector && Object.keys(opts.nodeSelector).length > 0 && { nodeSelector: { ...opts.nodeSelector } }),
            terminationGracePeriodSeconds: 5,
            containers: [
              {
                name: "agent",
                image: opts.image ?? AGENT_IMAGE,
                imagePullPolicy: opts.pullPolicy ?? "IfNotPresent",
                args: [`--listen=0.0.0.0:${AGENT_PORT}`, `--fs-root=${AGENT_FS_ROOT}`, `--cri-socket=${criSocketInContainer}`],
                env: [{ name: "NODE_NAME", valueFrom: { fieldRef: { fieldPath: "spec.nodeName" } } }],
                ports: [{ name: AGENT_PORT_NAME, containerPort: AGENT_PORT, protocol: "TCP" }],
                readinessProbe: { httpGet: { path: AGENT_HEALTH_PATH, port: AGENT_PORT }, periodSeconds: 10, timeoutSeconds: 2 },
                livenessProbe: {
                  httpGet: { path: AGENT_HEALTH_PATH, port: AGENT_PORT },
                  initialDelaySeconds: 5,
                  periodSeconds: 20,
                  timeoutSeconds: 2,
                  failureThreshold: 3,
                },
                resources: { requests: { ...AGENT_RESOURCES.requests }, limits: { ...AGENT_RESOURCES.limits } },
                securityContext: {
                  // root, for /proc of every process; everything else a root container could do is taken away.
                  runAsUser: 0,
                  readOnlyRootFilesystem: true,
                  allowPrivilegeEscalation: false,
                  privileged: false,
                  // The runtime's default syscall filter (no mount, no kexec, no module loading, …): the agent reads
                  // files and speaks to two sockets; a pod without a profile would run unconfined.
                  seccompProfile: { type: "RuntimeDefault" },
                  capabilities: {
                    drop: ["ALL"],
                    // SYS_PTRACE: /proc/<pid>/ns/* and other processes' /proc entries pass the kernel's
                    // ptrace-read check (PTRACE_MODE_READ) only with it, even for root, for processes of other
                    // users and of other containers. DAC_READ_SEARCH: root without DAC_OVERRIDE (dropped with ALL)
                    // may otherwise not read or search files whose mode denies it, e.g. a container process's
                    // /proc/<pid>/ entries owned by its own user. Neither grants any write.
                    add: ["SYS_PTRACE", "DAC_READ_SEARCH"],
                  },
                },
                volumeMounts: hostMounts.map((m) => ({
                  name: m.name,
                  mountPath: m.mountPath ?? inContainer(m.hostPath),
                  readOnly: true,
                })),
              },
            ],
            volumes: hostMounts.map((m) => ({ name: m.name, hostPath: { path: m.hostPath, type: m.type } })),
          },
        },
      },
    },
  ];
}

/** The manifest as one YAML stream (documents separated by ---), for `kubectl apply -f -`. */
export function agentManifestYaml(opts: AgentManifestOptions = {}): string {
  return agentManifest(opts)
    .map((o) => stringify(o, { lineWidth: 0 }))
    .join("---\n");
}
