// Runs one scenario's pod on one node and records what the node showed: every status it wrote (the
// timeline), the status at each checkpoint, the pod's events, its cgroup parent and, when the scenario
// deletes the pod, how long the deletion took. The same code drives both nodes through NodeDriver.
import type { KubeEvent, Pod, PodSpec } from "@podscope/core";
import type { CriClient } from "../src/cri";
import type { LocalNode } from "../src/local-node";
import { applyPod, call, podEvents, watchPod, type Api } from "./cluster";
import type { Side } from "./normalize";
import type { Known } from "./verdict";

export interface Checkpoint {
  name: string;
  until: (p: Pod) => boolean;
  timeoutMs?: number;
}

export interface Scenario {
  /** Also the pod's name. */
  name: string;
  spec: PodSpec;
  /** The statuses compared: on each node, the first one (after the previous checkpoint's) that satisfies `until`. */
  checkpoints: Checkpoint[];
  /** Wait this long after the last checkpoint, so trailing events are recorded on both nodes. */
  settleMs?: number;
  /** Then delete the pod with this grace period and compare how it went away. */
  deleteGracePeriodSeconds?: number;
  /**
   * Disagreements known and not fixed yet, by path. They are listed in the test's output; one that no
   * longer occurs fails the scenario (so the list stays true); PODSCOPE_FIDELITY_STRICT=1 fails on them.
   */
  known?: Known[];
}

export interface Observation {
  side: Side;
  checkpoints: Pod[];
  /** Statuses up to the last checkpoint. */
  timeline: Pod[];
  /** When each was seen, in ms from the create call (for reading a disagreement; not compared). */
  seenAtMs: number[];
  /** The last status before the pod was gone (deleting scenarios). */
  lastBeforeGone?: Pod;
  /** Seconds from the delete call to the pod being gone. */
  deletionTook?: number;
  events: KubeEvent[];
  cgroupParent: string;
}

export interface NodeDriver {
  readonly nodeName: string;
  readonly cgroupRoot: string;
  readonly cri: CriClient;
  /** Creates the pod and starts handing each status it shows to `record`; resolves to its UID. */
  create(pod: Pod, record: (p: Pod) => void, onGone: () => void): Promise<string>;
  delete(namespace: string, name: string, gracePeriodSeconds: number): Promise<void>;
  events(namespace: string, uid: string): Promise<KubeEvent[]>;
  /** Stops recording. */
  release(): void;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor<T>(what: string, f: () => T | undefined, timeoutMs: number): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = f();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(100);
  }
}

export async function observe(driver: NodeDriver, namespace: string, s: Scenario): Promise<Observation> {
  const timeline: Pod[] = [];
  const seenAtMs: number[] = [];
  const t0 = Date.now();
  const record = (p: Pod) => {
    timeline.push(p);
    seenAtMs.push(Date.now() - t0);
  };
  let gone = false;
  const pod: Pod = { apiVersion: "v1", kind: "Pod", metadata: { name: s.name, namespace }, spec: structuredClone(s.spec) };
  const uid = await driver.create(pod, record, () => {
    gone = true;
  });
  const side: Side = { uid, nodeName: driver.nodeName, cgroupRoot: driver.cgroupRoot };
  try {
    const checkpoints: Pod[] = [];
    let from = 0;
    for (const c of s.checkpoints) {
      const i = await waitFor(
        `${s.name}: checkpoint "${c.name}" on ${driver.nodeName} (last status ${JSON.stringify(timeline.at(-1)?.status)})`,
        () => {
          for (let j = from; j < timeline.length; j++) if (safe(c.until, timeline[j])) return j;
          return undefined;
        },
        c.timeoutMs ?? 60_000,
      );
      checkpoints.push(timeline[i]);
      // The next checkpoint may be met by the same status.
      from = i;
    }
    const upTo = from + 1;
    const cgroupParent = await sandboxCgroupParent(driver.cri, uid);
    if (s.settleMs) await sleep(s.settleMs);
    let deletionTook: number | undefined;
    let lastBeforeGone: Pod | undefined;
    if (s.deleteGracePeriodSeconds !== undefined) {
      const t0 = Date.now();
      await driver.delete(namespace, s.name, s.deleteGracePeriodSeconds);
      await waitFor(`${s.name}: pod gone from ${driver.nodeName}`, () => (gone ? true : undefined), 120_000);
      deletionTook = (Date.now() - t0) / 1000;
      lastBeforeGone = timeline.at(-1);
    }
    const events = await driver.events(namespace, uid);
    return {
      side,
      checkpoints,
      timeline: timeline.slice(0, upTo),
      seenAtMs: seenAtMs.slice(0, upTo),
      lastBeforeGone,
      deletionTook,
      events,
      cgroupParent,
    };
  } finally {
    driver.release();
    if (!gone) await driver.delete(namespace, s.name, 0).catch(() => undefined);
  }
}

function safe(f: (p: Pod) => boolean, p: Pod): boolean {
  try {
    return f(p);
  } catch {
    return false;
  }
}

/** The cgroup parent the node gave the pod's sandbox, from containerd's own record of it. */
async function sandboxCgroupParent(cri: CriClient, uid: string): Promise<string> {
  const [sb] = await cri.listPodSandbox({ label_selector: { "io.kubernetes.pod.uid": uid } });
  if (!sb) return "(no sandbox)";
  const res = await cri.podSandboxStatus(sb.id, true);
  const info = JSON.parse(res.info.info ?? "{}") as { config?: { linux?: { cgroup_parent?: string } } };
  return info.config?.linux?.cgroup_parent ?? "(none)";
}

// ---- the two nodes --------------------------------------------------------------------------------

/** The real kubelet, through the API server: server-side apply, a watch, events from the API. */
export class RealNodeDriver implements NodeDriver {
  private stopWatch?: () => void;
  constructor(
    private readonly api: Api,
    readonly nodeName: string,
    readonly cgroupRoot: string,
    private readonly taintKey: string,
    readonly cri: CriClient,
  ) {}

  async create(pod: Pod, record: (p: Pod) => void, onGone: () => void): Promise<string> {
    const p = structuredClone(pod);
    // The real scheduler places it (so the Scheduled event is the scheduler's), on this node only.
    p.spec.nodeSelector = { ...(p.spec.nodeSelector ?? {}), "kubernetes.io/hostname": this.nodeName };
    p.spec.tolerations = [...(p.spec.tolerations ?? []), { key: this.taintKey, operator: "Exists", effect: "NoSchedule" }];
    // No API credentials in the pod: the local node mounts none either.
    p.spec.automountServiceAccountToken = false;
    let uid = "";
    this.stopWatch = watchPod(
      this.api,
      pod.metadata.namespace!,
      pod.metadata.name!,
      (x) => {
        if (!uid || x.metadata.uid === uid) record(x);
      },
      onGone,
    );
    const created = (await applyPod(this.api, p)) as Pod;
    uid = created.metadata.uid!;
    return uid;
  }

  async delete(namespace: string, name: string, gracePeriodSeconds: number): Promise<void> {
    const r = await call(this.api, "DELETE", `/api/v1/namespaces/${namespace}/pods/${name}`, {
      apiVersion: "v1",
      kind: "DeleteOptions",
      gracePeriodSeconds,
    });
    if (r.status >= 300 && r.status !== 404) throw new Error(`deleting ${namespace}/${name}: HTTP ${r.status}`);
  }

  events(namespace: string, uid: string): Promise<KubeEvent[]> {
    return podEvents(this.api, namespace, uid);
  }

  release(): void {
    this.stopWatch?.();
  }
}

/** podscope's local node, through its own API (LocalNode), as the podscope server drives it. */
export class LocalNodeDriver implements NodeDriver {
  readonly cgroupRoot = "";
  private off?: () => void;
  constructor(
    private readonly node: LocalNode,
    readonly cri: CriClient,
  ) {}

  get nodeName(): string {
    return this.node.nodeName;
  }

  async create(pod: Pod, record: (p: Pod) => void, onGone: () => void): Promise<string> {
    const mine = (p: Pod) => p.metadata.namespace === pod.metadata.namespace && p.metadata.name === pod.metadata.name;
    const onPod = (p: Pod) => {
      if (mine(p)) record(p);
    };
    const onDeleted = (p: Pod) => {
      if (mine(p)) onGone();
    };
    this.node.on("pod", onPod);
    this.node.on("podDeleted", onDeleted);
    this.off = () => {
      this.node.off("pod", onPod);
      this.node.off("podDeleted", onDeleted);
    };
    const { pod: created } = await this.node.createPod(structuredClone(pod));
    return created.metadata.uid!;
  }

  async delete(namespace: string, name: string, gracePeriodSeconds: number): Promise<void> {
    // Returns at once, as the API server does; the pod is gone when the node says so.
    void this.node.deletePod(namespace, name, { gracePeriodSeconds }).catch(() => undefined);
    await sleep(0);
  }

  events(namespace: string, uid: string): Promise<KubeEvent[]> {
    return Promise.resolve(this.node.listEvents({ namespace, uid }));
  }

  release(): void {
    this.off?.();
  }
}
