// One pod's worker, as kubelet's pod workers run SyncPod: every sync observes the runtime's view
// of the pod (CRI), lets computePodActions decide (pod-actions.ts), carries the actions out and
// writes the resulting v1 PodStatus. Syncs run one at a time per pod; anything may ask for one
// (the node's relist, probes, timers, deletion).
import { mkdir, rm } from "node:fs/promises";
import {
  backOffEventMessage,
  crashLoopBackOffMessage,
  DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS,
  isoSeconds,
  isRestartableInitContainer,
  isStatusChange,
  podConditions,
  podPhase,
  qosClass,
  RestartBackoff,
  unhealthyMessage,
  type BackoffState,
  type Container,
  type ContainerStatus,
  type Pod,
  type PodStatus,
} from "@podscope/core";
import { isNotFound, type CRI } from "../cri";
import { apiContainerStatus, unknownExit } from "./container-status";
import { containerConfig, type ContainerKind } from "./container-config";
import { containerFieldPath, type EventRecorder } from "./events";
import { runLifecycleHook } from "./hooks";
import { ImageManager, type PodPullSecrets } from "./image-manager";
import { CONTAINER_NAME_LABEL, RESTART_COUNT_ANNOTATION } from "./labels";
import { backoffKey, computePodActions, shouldRestart, type ContainerToKill, type ObservedPod, type PodActions } from "./pod-actions";
import { realPodHost, type PodHost } from "./pod-cgroup";
import { ContainerProber } from "./prober";
import { prepareTerminationMessageFile, terminationMessage, terminationMessageHostPath } from "./termination-message";
import { emptyDirPath, sandboxConfig, type PodPaths } from "./sandbox-config";

/** Kubelet never gives a container less than this to stop (minimumGracePeriodInSeconds). */
export const MIN_GRACE_SECONDS = 2;
/** Kubelet resyncs every pod periodically even without events; so do we. */
export const RESYNC_MS = 10_000;
const HISTORY_LIMIT = 2000;
/** Observe–decide–act rounds in one sync: a new sandbox, or a kill, is followed by a fresh look. */
const MAX_ROUNDS = 3;

export interface Instance {
  id: string;
  attempt: number;
  /** The sandbox it was created in. */
  sandboxId: string;
  status?: CRI.ContainerStatus;
}

interface Slot {
  kind: ContainerKind;
  spec: Container;
  current?: Instance;
  previous?: Instance;
  /** Why it is not running while kubelet would like it to (CrashLoopBackOff, ErrImageNeverPull, …). */
  waiting?: { reason: string; message?: string };
  prober?: ContainerProber;
  /** Readiness carried over an adoption, until the prober has an opinion of its own. */
  adoptedReady?: boolean;
}

export interface HistoryEntry {
  time: string;
  status: PodStatus;
}

export interface WorkerDeps {
  cri: CRI.RuntimeService & CRI.ImageService;
  now: () => Date;
  recorder: EventRecorder;
  paths: PodPaths;
  hostIP: string;
  /** Called after every status change (the pod object is the worker's own; copy if kept). */
  onStatus(pod: Pod): void;
  /** The node's log: housekeeping failures kubelet has no event for (default: stderr). */
  log?(message: string): void;
  /** Default: the real cgroup filesystem. */
  host?: PodHost;
  /** The node's image manager (pulls and their back-off); default: one of the worker's own. */
  images?: ImageManager;
  /** The pod's imagePullSecrets as the node stores them (default: none found). */
  pullSecrets?(pod: Pod): PodPullSecrets;
  /** Statuses of the pod's ephemeral containers (kubectl debug), run beside the worker's sync. */
  ephemeralStatuses?(): ContainerStatus[];
}

/** What is saved beside the pod so that a restarted server resumes it exactly. */
export interface SavedWorkerState {
  pod: Pod;
  backoff: BackoffState;
  history: HistoryEntry[];
}

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

export class PodWorker {
  readonly pod: Pod;
  readonly history: HistoryEntry[] = [];
  /** The pod as last recorded in history (status, binding, deletion), to tell a status change. */
  private lastRecorded: Pod;
  sandboxId?: string;
  /** Sandboxes replaced after they died; removed with the pod. */
  private readonly oldSandboxIds: string[] = [];
  private sandboxAttempt = 0;
  private sandboxReady = false;
  private podIP?: string;
  private readonly slots = new Map<string, Slot>();
  private readonly backoff: RestartBackoff;
  private readonly host: PodHost;
  private readonly images: ImageManager;
  private running: Promise<void> | undefined;
  /** Cancels the sync in progress (a pull waiting on a registry) when the pod is deleted, as kubelet cancels its sync. */
  private syncAbort?: AbortController;
  private rerun = false;
  private timer?: NodeJS.Timeout;
  private timerAt?: number;
  private resync?: NodeJS.Timeout;
  private terminating = false;
  private removed = false;
  private stopped = false;

  constructor(
    pod: Pod,
    private readonly deps: WorkerDeps,
    saved?: SavedWorkerState,
  ) {
    this.pod = pod;
    this.lastRecorded = structuredClone(pod);
    this.backoff = new RestartBackoff(saved?.backoff ?? {});
    this.host = deps.host ?? realPodHost;
    this.images = deps.images ?? new ImageManager({ cri: deps.cri, recorder: deps.recorder, now: deps.now });
    if (saved) this.history.push(...saved.history);
    for (const c of pod.spec.initContainers ?? []) this.slots.set(c.name, { kind: "init", spec: c });
    for (const c of pod.spec.containers) this.slots.set(c.name, { kind: "regular", spec: c });
  }

  get uid(): string {
    return this.pod.metadata.uid ?? "";
  }
  get isTerminating(): boolean {
    return this.terminating;
  }
  /** The pod's directories are gone: nothing may be written there any more. */
  get isRemoved(): boolean {
    return this.removed;
  }

  savedState(): SavedWorkerState {
    return { pod: this.pod, backoff: this.backoff.state, history: this.history };
  }

  /** Rebuilds the runtime view from an existing sandbox and its containers (server restart). */
  async adopt(sandbox: CRI.PodSandbox, containers: CRI.Container[], olderSandboxIds: string[] = []): Promise<void> {
    this.sandboxId = sandbox.id;
    this.oldSandboxIds.push(...olderSandboxIds);
    this.sandboxAttempt = sandbox.metadata?.attempt ?? 0;
    this.sandboxReady = sandbox.state === "SANDBOX_READY";
    await this.readSandbox();
    const byName = new Map<string, CRI.Container[]>();
    for (const c of containers) {
      const name = c.labels[CONTAINER_NAME_LABEL] ?? c.metadata?.name ?? "";
      byName.set(name, [...(byName.get(name) ?? []), c]);
    }
    const readyBefore = new Map<string, boolean>();
    for (const s of [...(this.pod.status?.containerStatuses ?? []), ...(this.pod.status?.initContainerStatuses ?? [])])
      readyBefore.set(s.name, s.ready);
    for (const [name, list] of byName) {
      const slot = this.slots.get(name);
      if (!slot) continue;
      const attempt = (c: CRI.Container) => Number(c.annotations[RESTART_COUNT_ANNOTATION] ?? c.metadata?.attempt ?? 0);
      list.sort((a, b) => attempt(b) - attempt(a));
      const [cur, prev] = list;
      slot.current = { id: cur.id, attempt: attempt(cur), sandboxId: cur.pod_sandbox_id };
      slot.current.status = await this.readStatus(slot, slot.current);
      if (prev) {
        slot.previous = { id: prev.id, attempt: attempt(prev), sandboxId: prev.pod_sandbox_id };
        slot.previous.status = await this.readStatus(slot, slot.previous);
      }
      if (slot.current.status?.state === "CONTAINER_RUNNING") {
        slot.adoptedReady = readyBefore.get(name);
        this.startProber(slot, slot.current);
      }
    }
  }

  /** Starts the periodic resync and the first sync. */
  start(): void {
    this.resync = setInterval(() => this.wake(), RESYNC_MS);
    this.wake();
  }

  /** Ask for a sync; coalesces requests while one runs. */
  wake(): void {
    if (this.stopped || this.terminating) return;
    if (this.running) {
      this.rerun = true;
      return;
    }
    this.running = (async () => {
      do {
        this.rerun = false;
        this.syncAbort = new AbortController();
        try {
          await this.sync();
        } catch (err) {
          if (this.stopped || this.terminating) break;
          // A runtime error must not kill the worker: show it and try again at the next resync.
          this.deps.recorder.record(this.pod, "Warning", "FailedSync", `error syncing pod: ${message(err)}`);
        }
      } while (this.rerun && !this.stopped && !this.terminating);
      this.running = undefined;
    })();
  }

  /** Waits for the sync in progress, if any. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  /** Stops timers and probes without touching the pod (the server is going away, the pod keeps running). */
  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.resync) clearInterval(this.resync);
    for (const s of this.slots.values()) s.prober?.stop();
  }

  // ---- the sync: observe, decide, act ------------------------------------------------------

  private async sync(): Promise<void> {
    for (let round = 0; round < MAX_ROUNDS; round++) {
      await this.refresh();
      if (!(await this.act(this.decide()))) break;
    }
    this.updateStatus();
  }

  /** The runtime's view of the pod as computePodActions takes it. */
  observed(): ObservedPod {
    const containers: ObservedPod["containers"] = {};
    for (const [name, s] of this.slots) {
      const cur = s.current;
      const failed = (["liveness", "startup"] as const).find((k) => s.prober?.states.get(k)?.result === "Failure");
      containers[name] = {
        current: cur && {
          id: cur.id,
          sandboxId: cur.sandboxId,
          // No status yet (never read): as kubelet, an instance it cannot see counts as unknown.
          state: cur.status?.state ?? "CONTAINER_UNKNOWN",
          exitCode: cur.status?.exit_code ?? 0,
          finishedAtMs: Math.floor((cur.status?.finished_at ?? 0) / 1e6),
        },
        failedProbe: failed,
        started: s.prober ? s.prober.started : true,
      };
    }
    return { sandbox: this.sandboxId ? { id: this.sandboxId, ready: this.sandboxReady } : undefined, containers };
  }

  private decide(terminating = false): PodActions {
    return computePodActions({
      pod: this.pod,
      observed: this.observed(),
      nowMs: this.deps.now().getTime(),
      backoff: this.backoff.state,
      terminating,
    });
  }

  /** Carries the actions out; true when the runtime changed under them and the pod needs a fresh look. */
  private async act(a: PodActions): Promise<boolean> {
    if (a.sandboxChanged)
      this.deps.recorder.record(this.pod, "Normal", "SandboxChanged", "Pod sandbox changed, it will be killed and re-created.");
    await this.kill(a.containersToKill, this.pod.spec.terminationGracePeriodSeconds ?? DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS);
    if (a.killPod || a.sandboxChanged) await this.stopSandbox();
    if (a.createSandbox) {
      if (this.sandboxId) {
        // The dead sandbox stays (for its containers' logs and lastState) until the pod goes.
        this.oldSandboxIds.push(this.sandboxId);
        this.sandboxId = undefined;
        this.sandboxAttempt++;
        this.podIP = undefined;
      }
      await this.runSandbox();
      return this.sandboxReady;
    }
    for (const s of a.containersToStart) {
      if (s.restartAfterExitAtMs !== undefined) this.backoff.next(backoffKey(this.pod, s.name), s.restartAfterExitAtMs);
      await this.startContainer(this.slots.get(s.name)!);
    }
    const now = this.deps.now().getTime();
    for (const b of a.backOff) {
      const slot = this.slots.get(b.name)!;
      slot.waiting = { reason: "CrashLoopBackOff", message: crashLoopBackOffMessage(b.backoffMs, b.name, this.pod) };
      this.deps.recorder.record(this.pod, "Warning", "BackOff", backOffEventMessage(b.name, this.pod), {
        fieldPath: containerFieldPath(b.kind, b.name),
      });
    }
    if (a.backOff.length) this.wakeAt(Math.min(...a.backOff.map((b) => b.restartAtMs)) - now);
    // A container killed for its probe: its restart is decided as soon as it has exited.
    return a.containersToKill.length > 0 && !a.killPod;
  }

  /** Re-reads the sandbox and every instance that may still change. */
  private async refresh(): Promise<void> {
    // The sandbox too: its pause process may have died under us.
    if (this.sandboxId && this.sandboxReady) await this.readSandbox();
    for (const slot of this.slots.values()) {
      const cur = slot.current;
      if (!cur || cur.status?.state === "CONTAINER_EXITED") continue;
      try {
        cur.status = await this.readStatus(slot, cur);
      } catch (err) {
        if (!isNotFound(err)) throw err;
        // Removed behind our back (e.g. with ctr).
        cur.status = unknownExit(cur, this.deps.now());
      }
      if (cur.status?.state === "CONTAINER_EXITED") {
        slot.prober?.stop();
        slot.prober = undefined;
        slot.adoptedReady = undefined;
      }
    }
  }

  /** The runtime's status of an instance, with the termination message of an exited one filled in, as kubelet does. */
  private async readStatus(slot: Slot, inst: Instance): Promise<CRI.ContainerStatus | undefined> {
    const st = (await this.deps.cri.containerStatus(inst.id)).status ?? undefined;
    if (st?.state === "CONTAINER_EXITED" && !st.message) {
      const msg = await terminationMessage(
        slot.spec,
        terminationMessageHostPath(this.deps.paths, slot.spec.name, inst.attempt),
        st.exit_code,
        st.log_path,
      );
      if (msg) st.message = msg;
    }
    return st;
  }

  private async readSandbox(): Promise<void> {
    if (!this.sandboxId) return;
    try {
      const st = await this.deps.cri.podSandboxStatus(this.sandboxId);
      this.podIP = st.status?.network?.ip || undefined;
      this.sandboxReady = st.status?.state === "SANDBOX_READY";
    } catch (err) {
      if (!isNotFound(err)) throw err;
      // Removed behind our back: as dead as a sandbox whose pause process died; it is replaced.
      this.sandboxReady = false;
      this.podIP = undefined;
    }
  }

  private async runSandbox(): Promise<void> {
    const { paths, recorder } = this.deps;
    await mkdir(paths.logDir, { recursive: true });
    for (const v of this.pod.spec.volumes ?? [])
      if (v.emptyDir !== undefined) await mkdir(emptyDirPath(paths, v.name), { recursive: true });
    const cgroupFailed = (err: unknown) =>
      // The pod still runs (runc creates the directory), only without pod-level limits: say so.
      recorder.record(this.pod, "Warning", "FailedCreatePodContainer", `unable to ensure pod container exists: ${message(err)}`);
    let cgroupOk = true;
    try {
      await this.host.ensurePodCgroup(this.pod);
    } catch (err) {
      cgroupOk = false;
      cgroupFailed(err);
    }
    try {
      this.sandboxId = await this.deps.cri.runPodSandbox(sandboxConfig(this.pod, paths, this.sandboxAttempt));
    } catch (err) {
      recorder.record(this.pod, "Warning", "FailedCreatePodSandBox", `Failed to create pod sandbox: ${message(err)}`);
      return;
    }
    // Once more now that the sandbox holds the cgroup: an empty cgroup may be removed by anyone
    // cleaning up kubepods (another podscope's `down`) between our write and runc's mkdir.
    // (A failure the first time was reported already.)
    if (cgroupOk) await this.host.ensurePodCgroup(this.pod).catch(cgroupFailed);
    this.sandboxReady = true;
    await this.readSandbox();
  }

  /** StopPodSandbox: the pod's network goes and its IP goes back to the pool. */
  private async stopSandbox(): Promise<void> {
    if (!this.sandboxId) return;
    const id = this.sandboxId;
    await this.ignoringNotFound(this.deps.cri.stopPodSandbox(id), (err) =>
      this.deps.recorder.record(
        this.pod,
        "Warning",
        "FailedKillPod",
        `error killing pod: failed to "KillPodSandbox" for "${this.uid}" with KillPodSandboxError: ${message(err)}`,
      ),
    );
    this.sandboxReady = false;
  }

  private wakeAt(delayMs: number): void {
    // Several deadlines (a crash-loop back-off, an image pull back-off) share one timer: the earliest wins,
    // and the sync it starts sets the next one.
    const at = Date.now() + Math.max(0, delayMs);
    if (this.timer && this.timerAt !== undefined && this.timerAt > Date.now() && this.timerAt <= at) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerAt = at;
    // +50 ms: the back-off check is "strictly less than", so land just after the deadline.
    this.timer = setTimeout(
      () => {
        this.timerAt = undefined;
        this.wake();
      },
      Math.max(0, delayMs) + 50,
    );
  }

  private async startContainer(slot: Slot): Promise<void> {
    const { cri, recorder, paths } = this.deps;
    const c = slot.spec;
    const fieldPath = containerFieldPath(slot.kind, c.name);
    const attempt = slot.current ? slot.current.attempt + 1 : 0;
    // Step 1 of kubelet's startContainer: the image (present, pulled, or why not).
    const ensured = await this.images.ensureImageExists(
      this.pod,
      c,
      fieldPath,
      () => this.deps.pullSecrets?.(this.pod) ?? { keyrings: [], missing: [] },
      this.syncAbort?.signal,
    );
    if (!ensured.ok) {
      slot.waiting = { reason: ensured.reason, message: ensured.message };
      recorder.record(this.pod, "Warning", "Failed", `Error: ${ensured.reason}`, { fieldPath });
      // The next pull is due when the back-off ends: look again then (the periodic resync would be up to 10 s late).
      if (ensured.retryAtMs !== undefined) this.wakeAt(ensured.retryAtMs - this.deps.now().getTime());
      return;
    }
    const image = ensured.image;
    await mkdir(`${paths.logDir}/${c.name}`, { recursive: true });
    await prepareTerminationMessageFile(paths, c.name, attempt);
    const sandboxId = this.sandboxId!;
    let id: string;
    try {
      id = await cri.createContainer(
        sandboxId,
        containerConfig(this.pod, c, slot.kind, attempt, image, paths),
        sandboxConfig(this.pod, paths, this.sandboxAttempt),
      );
    } catch (err) {
      slot.waiting = { reason: "CreateContainerError", message: message(err) };
      recorder.record(this.pod, "Warning", "Failed", `Error: ${message(err)}`, { fieldPath });
      return;
    }
    recorder.record(this.pod, "Normal", "Created", `Created container: ${c.name}`, { fieldPath });
    // Keep the newest dead instance (for lastState and `logs --previous`); older ones go, as kubelet's GC does.
    const older = slot.previous;
    if (slot.current) slot.previous = slot.current;
    slot.current = { id, attempt, sandboxId };
    slot.waiting = undefined;
    if (older) {
      await this.ignoringNotFound(cri.removeContainer(older.id), (err) =>
        this.log(
          `pod ${this.pod.metadata.namespace}/${this.pod.metadata.name}: failed to remove dead container ${older.id} of ${c.name}: ${message(err)}`,
        ),
      );
    }
    try {
      await cri.startContainer(id);
    } catch (err) {
      recorder.record(this.pod, "Warning", "Failed", `Error: ${message(err)}`, { fieldPath });
      slot.current.status = await this.readStatus(slot, slot.current);
      return;
    }
    recorder.record(this.pod, "Normal", "Started", `Started container ${c.name}`, { fieldPath });
    slot.current.status = await this.readStatus(slot, slot.current);
    const grace = this.pod.spec.terminationGracePeriodSeconds ?? DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS;
    const postStart = runLifecycleHook(cri, id, c.lifecycle?.postStart, grace, this.pod, c, this.podIP);
    if (postStart) {
      const out = await postStart;
      if (!out.ok) {
        // Kubelet keeps the hook's output out of the event (it may hold secrets); it becomes the
        // waiting message of the container while it waits for its restart.
        recorder.record(this.pod, "Warning", "FailedPostStartHook", "PostStartHook failed", { fieldPath });
        recorder.record(this.pod, "Normal", "Killing", "FailedPostStartHook", { fieldPath });
        await this.stopContainer(slot, id, grace);
        slot.current.status = await this.readStatus(slot, slot.current);
        const exit = slot.current.status?.exit_code ?? 0;
        if (shouldRestart(this.pod.spec.restartPolicy ?? "Always", exit))
          slot.waiting = { reason: "PostStartHookError", message: out.message };
        return;
      }
    }
    if (slot.current.status?.state === "CONTAINER_RUNNING") this.startProber(slot, slot.current);
  }

  private startProber(slot: Slot, inst: Instance): void {
    slot.prober?.stop();
    const c = slot.spec;
    const fieldPath = containerFieldPath(slot.kind, c.name);
    const Kind = (kind: string) => kind[0].toUpperCase() + kind.slice(1);
    const prober = new ContainerProber(
      this.deps.cri,
      inst.id,
      c,
      {
        onFailure: (kind, output) =>
          this.deps.recorder.record(this.pod, "Warning", "Unhealthy", unhealthyMessage(kind, output), { fieldPath }),
        onWarning: (kind, output) =>
          this.deps.recorder.record(this.pod, "Warning", "ProbeWarning", `${Kind(kind)} probe warning: ${output}`, { fieldPath }),
        // kubelet's worker throws an errored run's result away; the event is all that shows (its words).
        onError: (kind, error) =>
          this.deps.recorder.record(
            this.pod,
            "Warning",
            "Unhealthy",
            `${Kind(kind)} probe errored and resulted in unknown state: ${error}`,
            { fieldPath },
          ),
        onChange: (kind) => {
          if (kind === "readiness") slot.adoptedReady = undefined;
          // A failed liveness or startup probe is acted on by the sync (computePodActions kills the container).
          this.wake();
        },
      },
      () => this.podIP,
    );
    if (slot.adoptedReady !== undefined) {
      // Kubelet keeps a container's readiness across its own restart instead of flapping it.
      const r = prober.states.get("readiness");
      if (r && slot.adoptedReady) r.result = "Success";
    }
    slot.prober = prober;
    if (prober.states.size) prober.start();
  }

  /** Kills in parallel, sidecars after the rest (last started first), all against one grace deadline. */
  private async kill(kills: ContainerToKill[], graceSeconds: number): Promise<void> {
    const startMs = Date.now();
    const one = async (k: ContainerToKill) => {
      const slot = this.slots.get(k.name)!;
      const inst = slot.current;
      if (!inst) return;
      // The prober stops, but keeps its verdict: a kill that failed is tried again at the next sync.
      slot.prober?.stop();
      if (k.message)
        this.deps.recorder.record(this.pod, "Normal", "Killing", k.message, { fieldPath: containerFieldPath(slot.kind, slot.spec.name) });
      await this.stopInstance(slot, inst, graceSeconds, startMs);
    };
    const sidecar = (k: ContainerToKill) => k.kind === "init" && isRestartableInitContainer(this.slots.get(k.name)!.spec);
    await Promise.all(kills.filter((k) => !sidecar(k)).map(one));
    for (const k of kills.filter(sidecar)) await one(k);
  }

  /** preStop (regular containers), then StopContainer with what is left of the grace period. */
  private async stopInstance(slot: Slot, inst: Instance, graceSeconds: number, startMs: number): Promise<void> {
    const { cri, recorder } = this.deps;
    const fieldPath = containerFieldPath(slot.kind, slot.spec.name);
    // The hook gets at most the grace period; SIGKILL comes at the deadline either way.
    const hook =
      slot.kind === "regular"
        ? runLifecycleHook(cri, inst.id, slot.spec.lifecycle?.preStop, Math.max(1, graceSeconds), this.pod, slot.spec, this.podIP)
        : undefined;
    if (hook) {
      const deadline = new Promise<"timeout">((r) => setTimeout(() => r("timeout"), graceSeconds * 1000).unref());
      const out = await Promise.race([hook, deadline]);
      if (out !== "timeout" && !out.ok) recorder.record(this.pod, "Warning", "FailedPreStopHook", out.message, { fieldPath });
    }
    // Real time, not the pod clock: the grace period is a wall-clock deadline.
    const elapsed = Math.floor((Date.now() - startMs) / 1000);
    await this.stopContainer(slot, inst.id, Math.max(MIN_GRACE_SECONDS, graceSeconds - elapsed));
    try {
      inst.status = (await this.readStatus(slot, inst)) ?? inst.status;
    } catch (err) {
      // Gone already: the next look records it as ContainerStatusUnknown.
      if (!isNotFound(err)) throw err;
    }
  }

  /** StopContainer; a container already gone is stopped, any other failure is a FailedKillPod event. */
  private async stopContainer(slot: Slot, id: string, timeoutSeconds: number): Promise<void> {
    await this.ignoringNotFound(this.deps.cri.stopContainer(id, timeoutSeconds), (err) =>
      this.deps.recorder.record(
        this.pod,
        "Warning",
        "FailedKillPod",
        `error killing pod: failed to "KillContainer" for "${slot.spec.name}": ${message(err)}`,
      ),
    );
  }

  /** A CRI call on something that may be gone already (then there is nothing to do); other failures go to `onError`. */
  private async ignoringNotFound(call: Promise<unknown>, onError: (err: unknown) => void): Promise<void> {
    try {
      await call;
    } catch (err) {
      if (!isNotFound(err)) onError(err);
    }
  }

  private log(line: string): void {
    if (this.deps.log) this.deps.log(line);
    else console.warn(`podscope node: ${line}`);
  }

  // ---- deletion ----------------------------------------------------------------------------

  /**
   * Deletion as kubelet carries it out: deletionTimestamp set, then per running container (in
   * parallel, sidecars last) Killing, preStop, SIGTERM, SIGKILL at the grace deadline counted from
   * the start; then the sandbox, the containers, the pod cgroup and the pod's directories go.
   */
  async terminate(gracePeriodSeconds?: number): Promise<void> {
    if (this.terminating) return;
    const grace = gracePeriodSeconds ?? this.pod.spec.terminationGracePeriodSeconds ?? DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS;
    this.terminating = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.resync) clearInterval(this.resync);
    this.syncAbort?.abort();
    await this.idle();
    for (const s of this.slots.values()) {
      s.prober?.stop();
      s.prober = undefined;
    }
    const now = this.deps.now();
    this.pod.metadata.deletionTimestamp = isoSeconds(new Date(now.getTime() + grace * 1000));
    this.pod.metadata.deletionGracePeriodSeconds = grace;
    this.updateStatus(true);
    const { cri } = this.deps;
    await this.refresh();
    const actions = this.decide(true);
    await this.kill(actions.containersToKill, grace);
    for (const s of this.slots.values()) s.waiting = undefined;
    this.updateStatus(true);
    const name = `${this.pod.metadata.namespace}/${this.pod.metadata.name}`;
    if (this.sandboxId) {
      await this.stopSandbox();
      // kubelet's last status of the pod: sandbox gone, so PodReadyToStartContainers is False.
      this.updateStatus(true);
      const ids = [...this.slots.values()].flatMap((s) => [s.current?.id, s.previous?.id]).filter((x): x is string => !!x);
      for (const id of ids)
        await this.ignoringNotFound(cri.removeContainer(id), (err) =>
          this.log(`pod ${name}: failed to remove container ${id}: ${message(err)}`),
        );
      await this.ignoringNotFound(cri.removePodSandbox(this.sandboxId), (err) => {
        throw err;
      });
    }
    for (const id of this.oldSandboxIds)
      await this.ignoringNotFound(cri.removePodSandbox(id), (err) =>
        this.log(`pod ${name}: failed to remove old sandbox ${id}: ${message(err)}`),
      );
    this.stop();
    this.images.forgetPod(this.uid);
    // runc removes the containers' cgroups but leaves the pod's own; kubelet removes it.
    const busy = this.host.removePodCgroup(this.pod);
    if (busy.length) this.log(`pod ${name}: pod cgroup not removed: ${busy.join("; ")}`);
    this.removed = true;
    await rm(this.deps.paths.podDir, { recursive: true, force: true });
    await rm(this.deps.paths.logDir, { recursive: true, force: true });
  }

  // ---- status ------------------------------------------------------------------------------

  /** Log file of a container's current (or previous) instance. */
  logPath(container: string, previous = false): string | undefined {
    const slot = this.slots.get(container);
    const inst = previous ? slot?.previous : slot?.current;
    return inst?.status?.log_path || undefined;
  }

  containerNames(): string[] {
    return this.pod.spec.containers.map((c) => c.name);
  }

  private views(kind: ContainerKind): ContainerStatus[] {
    const hasInit = (this.pod.spec.initContainers ?? []).length > 0;
    return [...this.slots.values()]
      .filter((s) => s.kind === kind)
      .map((s) =>
        apiContainerStatus({
          name: s.spec.name,
          image: s.spec.image ?? "",
          current: s.current?.status,
          previous: s.previous?.status,
          restartCount: s.current?.attempt ?? 0,
          waiting: s.waiting,
          defaultWaitingReason: hasInit ? "PodInitializing" : "ContainerCreating",
          started: s.prober ? s.prober.started : true,
          ready: s.adoptedReady ?? (s.prober ? s.prober.ready : true),
          init: kind === "init",
        }),
      );
  }

  updateStatus(podIsTerminal = false): void {
    const prev = this.pod.status ?? {};
    const now = this.deps.now();
    const initStatuses = this.views("init");
    const containerStatuses = this.views("regular");
    // While terminating, a stopped container waiting for a restart that will never come shows as terminated.
    const phase = podPhase({
      spec: this.pod.spec,
      initContainerStatuses: initStatuses,
      containerStatuses,
      previousPhase: prev.phase,
      podIsTerminal: podIsTerminal && containerStatuses.every((s) => !s.state?.running),
    });
    const generation = this.pod.metadata.generation ?? 1;
    const status: PodStatus = {
      // We model a current kubelet (1.34+): it reports the generation it acted on.
      observedGeneration: generation,
      phase,
      conditions: podConditions({
        pod: this.pod,
        phase,
        sandboxReady: this.sandboxReady,
        initContainerStatuses: initStatuses,
        containerStatuses,
        previous: prev.conditions ?? [],
        now,
        observedGeneration: generation,
      }),
      hostIP: this.deps.hostIP,
      hostIPs: [{ ip: this.deps.hostIP }],
      ...(this.podIP ? { podIP: this.podIP, podIPs: [{ ip: this.podIP }] } : {}),
      startTime: prev.startTime ?? isoSeconds(now),
      ...(initStatuses.length ? { initContainerStatuses: initStatuses } : {}),
      containerStatuses,
      qosClass: qosClass(this.pod),
    };
    const ephemeral = this.deps.ephemeralStatuses?.() ?? [];
    if (ephemeral.length) status.ephemeralContainerStatuses = ephemeral;
    // core's one rule of a status change (the cluster recorder's too): the status, the binding and
    // the start of a deletion — so a deletion is seen at once, before any container state moves.
    if (!isStatusChange(this.lastRecorded, { ...this.pod, status })) return;
    this.pod.status = status;
    this.lastRecorded = structuredClone(this.pod);
    this.history.push({ time: new Date(now).toISOString(), status: structuredClone(status) });
    if (this.history.length > HISTORY_LIMIT) this.history.splice(0, this.history.length - HISTORY_LIMIT);
    this.deps.onStatus(this.pod);
  }
}
