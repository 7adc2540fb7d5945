// The agent's identity, defined once: the agent serves it, the manifest stamps it on the DaemonSet, and the
// server-side client (packages/kube) compares it with what a running agent reports.

/** The agent's build version; the image tag and the `app.kubernetes.io/version` label follow it. */
export const AGENT_VERSION = "0.1.0";
/** The HTTP API's version: the path prefix (`/v1/...`) and `api` in `GET /v1/version`. */
export const AGENT_API = "v1";
/** The port the agent listens on in the pod network (container port `http`). */
export const AGENT_PORT = 7701;
/** The name `/v1/version` reports as `agent`, and the app.kubernetes.io/name label value. */
export const AGENT_NAME = "podscope-agent";
/** The container port's name: the pod proxy path can name it (`pods/<name>:http/proxy/...`). */
export const AGENT_PORT_NAME = "http";
/** The namespace the manifest puts the agent in unless told otherwise. */
export const AGENT_NAMESPACE = "podscope-system";
/** The image the manifest uses unless told otherwise: built locally by setup and loaded into the node's runtime. */
export const AGENT_IMAGE = `podscope.local/agent:${AGENT_VERSION}`;
/** Where the DaemonSet mounts the host's CRI socket inside the agent container (and the host path by default). */
export const DEFAULT_CRI_SOCKET = "/run/containerd/containerd.sock";
/** Where the DaemonSet mounts the host's filesystems (/proc, /sys/fs/cgroup, the CRI socket) in the container. */
export const AGENT_FS_ROOT = "/host";

/** Selects the agent's pods (the DaemonSet selector and the pods' labels): the client finds a node's agent by it. */
export const AGENT_SELECTOR_LABELS: Readonly<Record<string, string>> = Object.freeze({ "app.kubernetes.io/name": AGENT_NAME });

/** Every label the manifest puts on its objects: the selector labels plus the version and the owner. */
export const AGENT_LABELS: Readonly<Record<string, string>> = Object.freeze({
  ...AGENT_SELECTOR_LABELS,
  "app.kubernetes.io/version": AGENT_VERSION,
  "app.kubernetes.io/component": "node-agent",
  "app.kubernetes.io/part-of": "podscope",
});
