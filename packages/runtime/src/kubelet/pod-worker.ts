// One pod's worker, as kubelet's pod workers run SyncPod: every sync reads the runtime's view of
// the pod's containers, decides the next actions (sandbox, init containers in order, regular
// containers, restarts with back-off) and writes the resulting v1 PodStatus. Syncs run one at a
// time per pod; anything may ask for one (the node's relist, probes, timers, deletion).
import { mkdir, rm } from "node:fs/promises";
import {
  backOffEventMessage, crashLoopBackOffMessage, isoSeconds, podCgroupPath, podConditions, podPhase, qosClass,
  RestartBackoff, unhealthyMessage, type BackoffState, type Container, type ContainerStatus, type Pod, type PodStatus,
} from "@podscope/core";
import { isNotFound, type CRI, type CriClient } from "../cri";
import { removeCgroupTree } from "../containerd/host";
import { apiContainerStatus } from "./container-status";
import { containerConfig, type ContainerKind } from "./container-config";
import { containerFieldPath, type EventRecorder } from "./events";
import { runExecHook } from "./hooks";
import { ImageNeverPullError, resolveImage } from "../images/store";
import { InvalidImageReferenceError } from "../images/reference";
import { CONTAINER_NAME_LABEL, RESTART_COUNT_ANNOTATION } from "./labels";
import { writePodCgroup } from "./pod-cgroup";
import { ContainerProber } from "./prober";
import { prepareTerminationMessageFile, terminationMessage, terminationMessageHostPath } from "./termination-message";
import { emptyDirPath, sandboxConfig, type PodPaths } from "./sandbox-config";

/** Kubelet never gives a container less than this to stop (minimumGracePeriodInSeconds). */
export const MIN_GRACE_SECONDS = 2;
/** Kubelet resyncs every pod periodically even without events; so do we. */
export const RESYNC_MS = 10_000;
const HISTORY_LIMIT = 2000;

export interface Instance { id: string; attempt: number; status?: CRI.ContainerStatus }

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
  /** Its sandbox was replaced: start it again in the new one (init containers from the first). */
  needsStart?: boolean;
}

export interface HistoryEntry { time: string; status: PodStatus }

export interface WorkerDeps {
  cri: CriClient;
  now: () => Date;
  recorder: EventRecorder;
  paths: PodPaths;
  hostIP: string;
  /** Called after every status change (the pod object is the worker's own; copy if kept). */
  onStatus(pod: Pod): void;
}

/** What is saved beside the pod so that a restarted server resumes it exactly. */
export interface SavedWorkerState {
  pod: Pod;
  backoff: BackoffState;
  history: HistoryEntry[];
}

export class PodWorker {
  readonly pod: Pod;
  readonly history: HistoryEntry[] = [];
  sandboxId?: string;
  /** Sandboxes replaced after they died; removed with the pod. */
  private readonly oldSandboxIds: string[] = [];
  private sandboxAttempt = 0;
  private sandboxReady = false;
  private podIP?: string;
  private readonly slots = new Map<string, Slot>();
  private readonly backoff: RestartBackoff;
  private running: Promise<void> | undefined;
  private rerun = false;
  private timer?: NodeJS.Timeout;
  private resync?: NodeJS.Timeout;
  private terminating = false;
  private removed = false;
  private stopped = false;

  constructor(pod: Pod, private readonly deps: WorkerDeps, saved?: SavedWorkerState) {
    this.pod = pod;
    this.backoff = new RestartBackoff(saved?.backoff ?? {});
    if (saved) this.history.push(...saved.history);
    for (const c of pod.spec.initContainers ?? []) this.slots.set(c.name, { kind: "init", spec: c });
    for (const c of pod.spec.containers) this.slots.set(c.name, { kind: "regular", spec: c });
  }

  get uid(): string { return this.pod.metadata.uid ?? ""; }
  get isTerminating(): boolean { return this.terminating; }
  /** The pod's directories are gone: nothing may be written there any more. */
  get isRemoved(): boolean { return this.removed; }

  savedState(): SavedWorkerState {
    return { pod: this.pod, backoff: this.backoff.state, history: this.history };
  }

  /** Rebuilds the runtime view from an existing sandbox and its containers (server restart). */
  async adopt(sandbox: CRI.PodSandbox, containers: CRI.Container[], olderSandboxIds: string[] = []): Promise<void> {
    this.sandboxId = sandbox.id;
    this.oldSandboxIds.push(...olderSandboxIds);
    this.sandboxAttempt = sandbox.metadata?.attempt ?? 0;
    this.sandboxReady = sandbox.state === "SANDBOX_READY";
    await this.readSandboxIP();
    const byName = new Map<string, CRI.Container[]>();
    for (const c of containers) {
      const name = c.labels[CONTAINER_NAME_LABEL] ?? c.metadata?.name ?? "";
      byName.set(name, [...(byName.get(name) ?? []), c]);
    }
    const readyBefore = new Map<string, boolean>();
    for (const s of [...(this.pod.status?.containerStatuses ?? []), ...(this.pod.status?.initContainerStatuses ?? [])]) readyBefore.set(s.name, s.ready);
    for (const [name, list] of byName) {
      const slot = this.slots.get(name);
      if (!slot) continue;
      const attempt = (c: CRI.Container) => Number(c.annotations[RESTART_COUNT_ANNOTATION] ?? c.metadata?.attempt ?? 0);
      list.sort((a, b) => attempt(b) - attempt(a));
      const [cur, prev] = list;
      slot.current = { id: cur.id, attempt: attempt(cur) };
      slot.current.status = await this.readStatus(slot, slot.current);
      if (prev) {
        slot.previous = { id: prev.id, attempt: attempt(prev) };
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
    if (this.running) { this.rerun = true; return; }
    this.running = (async () => {
      do {
        this.rerun = false;
        try {
          await this.sync();
        } catch (err: any) {
          if (this.stopped || this.terminating) break;
          // A runtime error must not kill the worker: show it and try again at the next resync.
          this.deps.recorder.record(this.pod, "Warning", "FailedSync", `error syncing pod: ${err?.message ?? err}`);
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

  // ---- the sync ----------------------------------------------------------------------------

  private async sync(): Promise<void> {
    await this.refresh();
    const phase = this.pod.status?.phase;
    if (phase === "Succeeded" || phase === "Failed") {
      await this.stopSandboxOfFinishedPod();
      this.updateStatus();
      return;
    }
    const policy = this.pod.spec.restartPolicy ?? "Always";
    if (this.sandboxId && !this.sandboxReady && !(await this.replaceDeadSandbox(policy))) { this.updateStatus(); return; }
    if (!this.sandboxId) await this.runSandbox();
    if (!this.sandboxReady) { this.updateStatus(); return; }

    let initialized = true;
    for (const c of this.pod.spec.initContainers ?? []) {
      const slot = this.slots.get(c.name)!;
      const st = slot.current?.status;
      if (!slot.current || slot.needsStart) { initialized = false; await this.startContainer(slot); break; }
      if (st?.state !== "CONTAINER_EXITED") { initialized = false; break; }
      if (st.exit_code === 0) continue;
      initialized = false;
      // A failed init container blocks the rest; it is retried unless the pod never restarts.
      if (policy !== "Never") await this.restartWithBackoff(slot);
      break;
    }
    if (initialized) {
      for (const c of this.pod.spec.containers) {
        const slot = this.slots.get(c.name)!;
        const st = slot.current?.status;
        if (!slot.current) await this.startContainer(slot);
        else if (st?.state === "CONTAINER_EXITED" && (slot.needsStart || shouldRestart(policy, st.exit_code))) await this.restartWithBackoff(slot);
      }
    }
    this.updateStatus();
    const after = this.pod.status?.phase;
    if (after === "Succeeded" || after === "Failed") {
      await this.stopSandboxOfFinishedPod();
      this.updateStatus();
    }
  }

  /** Re-reads every instance that may still change. */
  private async refresh(): Promise<void> {
    // The sandbox too: its pause process may have died under us.
    if (this.sandboxId && this.sandboxReady) await this.readSandboxIP();
    for (const slot of this.slots.values()) {
      const cur = slot.current;
      if (!cur || cur.status?.state === "CONTAINER_EXITED") continue;
      try {
        cur.status = await this.readStatus(slot, cur);
      } catch (err) {
        if (!isNotFound(err)) throw err;
        // Removed behind our back (e.g. with ctr). Kubelet records such a container as terminated
        // with 137 and ContainerStatusUnknown, and then treats it like any exited container.
        cur.status = unknownExit(cur, this.deps.now());
      }
      if (cur.status?.state === "CONTAINER_EXITED") { slot.prober?.stop(); slot.prober = undefined; slot.adoptedReady = undefined; }
    }
  }

  /** The runtime's status of an instance, with the termination message of an exited one filled in, as kubelet does. */
  private async readStatus(slot: Slot, inst: Instance): Promise<CRI.ContainerStatus | undefined> {
    const st = (await this.deps.cri.containerStatus(inst.id)).status ?? undefined;
    if (st?.state === "CONTAINER_EXITED" && !st.message) {
      const msg = await terminationMessage(slot.spec, terminationMessageHostPath(this.deps.paths, slot.spec.name, inst.attempt), st.exit_code, st.log_path);
      if (msg) st.message = msg;
    }
    return st;
  }

  private async readSandboxIP(): Promise<void> {
    if (!this.sandboxId) return;
    const st = await this.deps.cri.podSandboxStatus(this.sandboxId);
    this.podIP = st.status?.network?.ip || undefined;
    this.sandboxReady = st.status?.state === "SANDBOX_READY";
  }

  private async runSandbox(): Promise<void> {
    const { paths } = this.deps;
    await mkdir(paths.logDir, { recursive: true });
    for (const v of this.pod.spec.volumes ?? []) if (v.emptyDir !== undefined) await mkdir(emptyDirPath(paths, v.name), { recursive: true });
    try {
      await writePodCgroup(this.pod);
    } catch (err: any) {
      // The pod still runs (runc creates the directory), only without pod-level limits: say so.
      this.deps.recorder.record(this.pod, "Warning", "FailedCreatePodContainer", `unable to ensure pod container exists: ${err?.message ?? err}`);
    }
    try {
      this.sandboxId = await this.deps.cri.runPodSandbox(sandboxConfig(this.pod, paths, this.sandboxAttempt));
    } catch (err: any) {
      this.deps.recorder.record(this.pod, "Warning", "FailedCreatePodSandBox", `Failed to create pod sandbox: ${err?.message ?? err}`);
      return;
    }
    // Once more now that the sandbox holds the cgroup: an empty cgroup may be removed by anyone
    // cleaning up kubepods (another podscope's `down`) between our write and runc's mkdir.
    await writePodCgroup(this.pod).catch(() => undefined);
    await this.readSandboxIP();
  }

  private async stopSandboxOfFinishedPod(): Promise<void> {
    // Kubelet stops the sandbox of a pod that will run nothing again; its IP goes back to the pool.
    if (!this.sandboxId || !this.sandboxReady) return;
    for (const s of this.slots.values()) if (s.current?.status && s.current.status.state !== "CONTAINER_EXITED") return;
    await this.deps.cri.stopPodSandbox(this.sandboxId);
    this.sandboxReady = false;
  }

  /**
   * The sandbox died under a pod that is not finished (its pause process was killed, say). As
   * kubelet does: kill what is left, then a new sandbox and every container again — unless the
   * pod never restarts and already ran, in which case it just finishes.
   */
  private async replaceDeadSandbox(policy: string): Promise<boolean> {
    const ran = [...this.slots.values()].some((s) => s.current);
    const recreate = !(policy === "Never" && ran);
    if (recreate) this.deps.recorder.record(this.pod, "Normal", "SandboxChanged", "Pod sandbox changed, it will be killed and re-created.");
    const grace = this.pod.spec.terminationGracePeriodSeconds ?? 30;
    const startMs = Date.now();
    await Promise.all([...this.slots.values()].map(async (slot) => {
      slot.prober?.stop();
      slot.prober = undefined;
      if (slot.current?.status && slot.current.status.state !== "CONTAINER_EXITED") await this.stopInstance(slot, slot.current, grace, startMs);
    }));
    await this.deps.cri.stopPodSandbox(this.sandboxId!).catch(() => undefined);
    await this.refresh();
    if (!recreate) return false;
    this.oldSandboxIds.push(this.sandboxId!);
    this.sandboxId = undefined;
    this.sandboxAttempt++;
    this.podIP = undefined;
    for (const slot of this.slots.values()) {
      if (!slot.current) continue;
      // OnFailure keeps regular containers that already succeeded; everything else runs again.
      const succeeded = slot.current.status?.state === "CONTAINER_EXITED" && slot.current.status.exit_code === 0;
      slot.needsStart = slot.kind === "init" || !(policy === "OnFailure" && succeeded);
    }
    return true;
  }

  private async restartWithBackoff(slot: Slot): Promise<void> {
    const finishedMs = Math.floor((slot.current?.status?.finished_at ?? 0) / 1e6);
    const now = this.deps.now().getTime();
    const key = `${this.uid}/${slot.spec.name}`;
    const d = this.backoff.decide(key, finishedMs, now);
    if (d.inBackoff) {
      slot.waiting = { reason: "CrashLoopBackOff", message: crashLoopBackOffMessage(d.backoffMs, slot.spec.name, this.pod) };
      this.deps.recorder.record(this.pod, "Warning", "BackOff", backOffEventMessage(slot.spec.name, this.pod), { fieldPath: containerFieldPath(slot.kind, slot.spec.name) });
      this.wakeAt(d.restartAtMs - now);
      return;
    }
    await this.startContainer(slot);
  }

  private wakeAt(delayMs: number): void {
    if (this.timer) clearTimeout(this.timer);
    // +50 ms: the back-off check is "strictly less than", so land just after the deadline.
    this.timer = setTimeout(() => this.wake(), Math.max(0, delayMs) + 50);
  }

  private async startContainer(slot: Slot): Promise<void> {
    const { cri, recorder, paths } = this.deps;
    const c = slot.spec;
    const fieldPath = containerFieldPath(slot.kind, c.name);
    const attempt = slot.current ? slot.current.attempt + 1 : 0;
    let image: string;
    try {
      image = (await resolveImage(cri, c.image ?? "")).ref;
    } catch (err: any) {
      // kubelet's waiting reasons: ErrImageNeverPull (not present, never pulled), InvalidImageName.
      const reason = err instanceof ImageNeverPullError ? "ErrImageNeverPull" : err instanceof InvalidImageReferenceError ? "InvalidImageName" : undefined;
      if (!reason) throw err;
      slot.waiting = { reason, message: err.message };
      recorder.record(this.pod, "Warning", reason, err.message, { fieldPath });
      recorder.record(this.pod, "Warning", "Failed", `Error: ${reason}`, { fieldPath });
      return;
    }
    recorder.record(this.pod, "Normal", "Pulled", `Container image "${c.image}" already present on machine`, { fieldPath });
    await mkdir(`${paths.logDir}/${c.name}`, { recursive: true });
    await prepareTerminationMessageFile(paths, c.name, attempt);
    let id: string;
    try {
      id = await cri.createContainer(this.sandboxId!, containerConfig(this.pod, c, slot.kind, attempt, image, paths), sandboxConfig(this.pod, paths, this.sandboxAttempt));
    } catch (err: any) {
      slot.waiting = { reason: "CreateContainerError", message: String(err?.message ?? err) };
      recorder.record(this.pod, "Warning", "Failed", `Error: ${err?.message ?? err}`, { fieldPath });
      return;
    }
    recorder.record(this.pod, "Normal", "Created", `Created container: ${c.name}`, { fieldPath });
    // Keep the newest dead instance (for lastState and `logs --previous`); older ones go, as kubelet's GC does.
    const older = slot.previous;
    if (slot.current) slot.previous = slot.current;
    slot.current = { id, attempt };
    slot.waiting = undefined;
    slot.needsStart = false;
    if (older) await cri.removeContainer(older.id).catch(() => undefined);
    try {
      await cri.startContainer(id);
    } catch (err: any) {
      recorder.record(this.pod, "Warning", "Failed", `Error: ${err?.message ?? err}`, { fieldPath });
      slot.current.status = await this.readStatus(slot, slot.current);
      return;
    }
    recorder.record(this.pod, "Normal", "Started", `Started container ${c.name}`, { fieldPath });
    slot.current.status = await this.readStatus(slot, slot.current);
    const postStart = c.lifecycle?.postStart?.exec?.command;
    if (postStart?.length) {
      const grace = this.pod.spec.terminationGracePeriodSeconds ?? 30;
      const out = await runExecHook(cri, id, postStart, grace, this.pod, c.name);
      if (!out.ok) {
        // Kubelet keeps the hook's output out of the event (it may hold secrets); it becomes the
        // waiting message of the container while it waits for its restart.
        recorder.record(this.pod, "Warning", "FailedPostStartHook", "PostStartHook failed", { fieldPath });
        recorder.record(this.pod, "Normal", "Killing", "FailedPostStartHook", { fieldPath });
        await cri.stopContainer(id, grace).catch(() => undefined);
        slot.current.status = await this.readStatus(slot, slot.current);
        const exit = slot.current.status?.exit_code ?? 0;
        if (shouldRestart(this.pod.spec.restartPolicy ?? "Always", exit)) slot.waiting = { reason: "PostStartHookError", message: out.message };
        return;
      }
    }
    if (slot.current.status?.state === "CONTAINER_RUNNING") this.startProber(slot, slot.current);
  }

  private startProber(slot: Slot, inst: Instance): void {
    slot.prober?.stop();
    const c = slot.spec;
    const fieldPath = containerFieldPath(slot.kind, c.name);
    const prober = new ContainerProber(this.deps.cri, inst.id, c, {
      onFailure: (kind, output) => this.deps.recorder.record(this.pod, "Warning", "Unhealthy", unhealthyMessage(kind, output), { fieldPath }),
      onChange: (kind, result) => {
        if (kind === "readiness") slot.adoptedReady = undefined;
        if ((kind === "liveness" || kind === "startup") && result === "Failure") void this.killUnhealthy(slot, inst, kind);
        else this.wake();
      },
    });
    if (slot.adoptedReady !== undefined) {
      // Kubelet keeps a container's readiness across its own restart instead of flapping it.
      const r = prober.states.get("readiness");
      if (r && slot.adoptedReady) r.result = "Success";
    }
    slot.prober = prober;
    if (prober.states.size) prober.start();
  }

  private async killUnhealthy(slot: Slot, inst: Instance, kind: "liveness" | "startup"): Promise<void> {
    if (this.terminating || slot.current?.id !== inst.id) return;
    slot.prober?.stop();
    slot.prober = undefined;
    const restart = (this.pod.spec.restartPolicy ?? "Always") !== "Never";
    const message = `Container ${slot.spec.name} failed ${kind} probe${restart ? ", will be restarted" : ""}`;
    this.deps.recorder.record(this.pod, "Normal", "Killing", message, { fieldPath: containerFieldPath(slot.kind, slot.spec.name) });
    const grace = this.pod.spec.terminationGracePeriodSeconds ?? 30;
    await this.stopInstance(slot, inst, grace, Date.now());
    this.wake();
  }

  /** preStop (regular containers), then StopContainer with what is left of the grace period. */
  private async stopInstance(slot: Slot, inst: Instance, graceSeconds: number, startMs: number): Promise<void> {
    const { cri, recorder } = this.deps;
    const fieldPath = containerFieldPath(slot.kind, slot.spec.name);
    const preStop = slot.spec.lifecycle?.preStop?.exec?.command;
    if (preStop?.length && slot.kind === "regular") {
      // The hook gets at most the grace period; SIGKILL comes at the deadline either way.
      const hook = runExecHook(cri, inst.id, preStop, Math.max(1, graceSeconds), this.pod, slot.spec.name);
      const deadline = new Promise<"timeout">((r) => setTimeout(() => r("timeout"), graceSeconds * 1000).unref());
      const out = await Promise.race([hook, deadline]);
      if (out !== "timeout" && !out.ok) recorder.record(this.pod, "Warning", "FailedPreStopHook", out.message, { fieldPath });
    }
    const elapsed = Math.floor((Date.now() - startMs) / 1000);
    const remaining = Math.max(MIN_GRACE_SECONDS, graceSeconds - elapsed);
    await cri.stopContainer(inst.id, remaining).catch((err) => {
      recorder.record(this.pod, "Warning", "FailedKillPod", `error killing pod: failed to "KillContainer" for "${slot.spec.name}": ${err?.message ?? err}`);
    });
    inst.status = (await this.readStatus(slot, inst).catch(() => undefined)) ?? inst.status;
  }

  // ---- deletion ----------------------------------------------------------------------------

  /**
   * Deletion as kubelet carries it out: deletionTimestamp set, then per running container (in
   * parallel) Killing, preStop, SIGTERM, SIGKILL at the grace deadline counted from the start;
   * then the sandbox, the containers, the pod cgroup and the pod's directories go.
   */
  async terminate(gracePeriodSeconds?: number): Promise<void> {
    if (this.terminating) return;
    const grace = gracePeriodSeconds ?? this.pod.spec.terminationGracePeriodSeconds ?? 30;
    this.terminating = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.resync) clearInterval(this.resync);
    await this.idle();
    for (const s of this.slots.values()) { s.prober?.stop(); s.prober = undefined; }
    const startMs = Date.now();
    const now = this.deps.now();
    this.pod.metadata.deletionTimestamp = isoSeconds(new Date(now.getTime() + grace * 1000));
    this.pod.metadata.deletionGracePeriodSeconds = grace;
    this.updateStatus(true);
    const { cri } = this.deps;
    await this.refresh();
    await Promise.all([...this.slots.values()].map(async (slot) => {
      const inst = slot.current;
      if (!inst?.status || inst.status.state === "CONTAINER_EXITED") return;
      this.deps.recorder.record(this.pod, "Normal", "Killing", `Stopping container ${slot.spec.name}`, { fieldPath: containerFieldPath(slot.kind, slot.spec.name) });
      await this.stopInstance(slot, inst, grace, startMs);
    }));
    for (const s of this.slots.values()) s.waiting = undefined;
    this.updateStatus(true);
    if (this.sandboxId) {
      await cri.stopPodSandbox(this.sandboxId).catch(() => undefined);
      this.sandboxReady = false;
      const ids = [...this.slots.values()].flatMap((s) => [s.current?.id, s.previous?.id]).filter((x): x is string => !!x);
      for (const id of ids) await cri.removeContainer(id).catch(() => undefined);
      await cri.removePodSandbox(this.sandboxId);
    }
    for (const id of this.oldSandboxIds) await cri.removePodSandbox(id).catch(() => undefined);
    this.stop();
    // runc removes the containers' cgroups but leaves the pod's own; kubelet removes it.
    removeCgroupTree(podCgroupPath("cgroupfs", qosClass(this.pod), this.uid));
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
    return [...this.slots.values()].filter((s) => s.kind === kind).map((s) => apiContainerStatus({
      name: s.spec.name,
      image: s.spec.image ?? "",
      current: s.current?.status,
      previous: s.previous?.status,
      restartCount: s.current?.attempt ?? 0,
      waiting: s.waiting,
      defaultWaitingReason: hasInit ? "PodInitializing" : "ContainerCreating",
      started: s.prober ? s.prober.started : true,
      ready: s.adoptedReady ?? (s.prober ? s.prober.ready : true),
    }));
  }

  updateStatus(podIsTerminal = false): void {
    const prev = this.pod.status ?? {};
    const now = this.deps.now();
    const initStatuses = this.views("init");
    const containerStatuses = this.views("regular");
    // While terminating, a stopped container waiting for a restart that will never come shows as terminated.
    const phase = podPhase({
      spec: this.pod.spec, initContainerStatuses: initStatuses, containerStatuses, previousPhase: prev.phase,
      podIsTerminal: podIsTerminal && containerStatuses.every((s) => !s.state?.running),
    });
    const generation = this.pod.metadata.generation ?? 1;
    const status: PodStatus = {
      // We model a current kubelet (1.34+): it reports the generation it acted on.
      observedGeneration: generation,
      phase,
      conditions: podConditions({ pod: this.pod, phase, sandboxReady: this.sandboxReady, initContainerStatuses: initStatuses, containerStatuses, previous: prev.conditions ?? [], now, observedGeneration: generation }),
      hostIP: this.deps.hostIP,
      hostIPs: [{ ip: this.deps.hostIP }],
      ...(this.podIP ? { podIP: this.podIP, podIPs: [{ ip: this.podIP }] } : {}),
      startTime: prev.startTime ?? isoSeconds(now),
      ...(initStatuses.length ? { initContainerStatuses: initStatuses } : {}),
      containerStatuses,
      qosClass: qosClass(this.pod),
    };
    if (JSON.stringify(status) === JSON.stringify(prev)) return;
    this.pod.status = status;
    this.history.push({ time: new Date(now).toISOString(), status: structuredClone(status) });
    if (this.history.length > HISTORY_LIMIT) this.history.splice(0, this.history.length - HISTORY_LIMIT);
    this.deps.onStatus(this.pod);
  }
}

function unknownExit(inst: Instance, now: Date): CRI.ContainerStatus {
  const prev = inst.status;
  return {
    ...(prev ?? { metadata: null, created_at: 0, started_at: 0, image: null, image_ref: "", labels: {}, annotations: {}, mounts: [], log_path: "", resources: null, image_id: "" }),
    id: inst.id, state: "CONTAINER_EXITED", exit_code: 137, finished_at: now.getTime() * 1e6,
    reason: "ContainerStatusUnknown", message: "The container could not be located when the pod was terminated",
  };
}

export function shouldRestart(policy: string, exitCode: number): boolean {
  if (policy === "Always") return true;
  if (policy === "OnFailure") return exitCode !== 0;
  return false;
}
