// Window files for the tests of every layer that reads one (core parses it, api serves it, the CLI prints from
// it): one envelope — a local node's namespace "default" from 10:00 to 11:00 on 2024-05-01, taken at 11:00 — and
// the pod and event shapes they hold, so each test writes only what it is about. Imported by path from the other
// packages' tests (core is the lowest layer: every package may read its types).
import type { KubeEvent, Pod, PodStatus, WindowFile } from "../src";

/** The window's start; its pods are created then unless a test says otherwise. */
export const WINDOW_FROM = "2024-05-01T10:00:00Z";
/** When the window was taken: its end, and the clock a source opened from it stands still at. */
export const WINDOW_TAKEN = "2024-05-01T11:00:00Z";

/** A window file of namespace "default": no objects, history or logs but those given. */
export function windowFile(
  parts: { objects?: Partial<WindowFile["objects"]>; history?: WindowFile["history"]; logs?: WindowFile["logs"] } = {},
): WindowFile {
  return {
    kind: "PodscopeWindow",
    version: 1,
    source: { id: "local", name: "local node (n1)", kind: "local" },
    scope: { namespace: "default" },
    from: WINDOW_FROM,
    to: WINDOW_TAKEN,
    takenAt: WINDOW_TAKEN,
    objects: { pods: [], events: [], nodes: [], pdbs: [], workloads: [], ...parts.objects },
    history: parts.history ?? {},
    logs: parts.logs ?? {},
  };
}

/** A pod of namespace "default" with one busybox container "app", created at the window's start, Running. */
export function windowPod(
  name: string,
  uid: string,
  opts: { node?: string; created?: string; deleted?: string; status?: PodStatus } = {},
): Pod {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name,
      namespace: "default",
      uid,
      creationTimestamp: opts.created ?? WINDOW_FROM,
      ...(opts.deleted ? { deletionTimestamp: opts.deleted } : {}),
    },
    spec: { ...(opts.node ? { nodeName: opts.node } : {}), containers: [{ name: "app", image: "busybox" }] },
    status: opts.status ?? { phase: "Running" },
  };
}

/** An event named `name` about the pod `about` of namespace "default" (its UID names the incarnation). */
export function podEvent(
  name: string,
  about: { name: string; uid: string },
  fields: Omit<Partial<KubeEvent>, "metadata"> & { metadata?: Partial<KubeEvent["metadata"]> },
): KubeEvent {
  return {
    apiVersion: "v1",
    kind: "Event",
    ...fields,
    metadata: { name, namespace: "default", ...fields.metadata },
    involvedObject: { kind: "Pod", name: about.name, namespace: "default", uid: about.uid },
  };
}
