// Ephemeral containers (kubectl debug): added to a running pod's sandbox, never restarted, never
// ready, shown in status.ephemeralContainerStatuses. With targetContainerName the container joins
// that container's pid namespace (CRI NamespaceOption pid TARGET + target_id), so it sees the
// target's processes — the teaching tool for "what does a sidecar see". Kept beside the pod
// worker: the worker's sync never touches them (kubelet's computePodActions starts them once and
// leaves them be); the worker only asks for their statuses when it writes the pod's status.
import { randomBytes } from "node:crypto";
import { mkdir } from "node:fs/promises";
import { invalid, type Container, type ContainerStatus, type Pod } from "@podscope/core";
import type { CRI } from "../cri";
import { isNotFound } from "../cri";
import { apiContainerStatus } from "../kubelet/container-status";
import { containerConfig } from "../kubelet/container-config";
import type { EventRecorder } from "../kubelet/events";
import type { ImageManager, PodPullSecrets } from "../kubelet/image-manager";
import { prepareTerminationMessageFile } from "../kubelet/termination-message";
import { sandboxConfig, type PodPaths } from "../kubelet/sandbox-config";

/** An ephemeral container as the API has it (EphemeralContainerCommon + targetContainerName). */
export interface EphemeralContainer extends Container {
  targetContainerName?: string;
}

export interface DebugRequest {
  image: string;
  /** Default: "debugger-" + five random characters, as kubectl names it. */
  name?: string;
  target?: string;
  command?: string[];
  stdin?: boolean;
  tty?: boolean;
}

/** What the manager needs of the pod's worker. */
export interface DebugPod {
  pod: Pod;
  sandboxId?: string;
  paths: PodPaths;
  /** Ask the worker to write the pod's status again (it reads ephemeralStatuses). */
  wake(): void;
}

export interface EphemeralDeps {
  cri: CRI.RuntimeService & CRI.ImageService;
  recorder: EventRecorder;
  images: ImageManager;
  pullSecrets(pod: Pod): PodPullSecrets;
  log(message: string): void;
  /** How often running ephemeral containers are looked at (default 1 s, kubelet's relist). */
  pollMs?: number;
}

interface Instance {
  spec: EphemeralContainer;
  id?: string;
  status?: CRI.ContainerStatus;
  waiting?: { reason: string; message?: string };
}

const SUFFIX = "bcdfghjklmnpqrstvwxz2456789";
export const ephemeralFieldPath = (name: string) => `spec.ephemeralContainers{${name}}`;

export function ephemeralContainersOf(pod: Pod): EphemeralContainer[] {
  return (pod.spec as { ephemeralContainers?: EphemeralContainer[] }).ephemeralContainers ?? [];
}

/** The API server's checks of a new ephemeral container (name free, target a regular container). */
export function validateEphemeral(pod: Pod, ec: EphemeralContainer): void {
  const index = ephemeralContainersOf(pod).length;
  const field = `spec.ephemeralContainers[${index}]`;
  const names = [...pod.spec.containers, ...(pod.spec.initContainers ?? []), ...ephemeralContainersOf(pod)].map((c) => c.name);
  if (names.includes(ec.name))
    throw invalid("Pod", pod.metadata.name ?? "", [{ field: `${field}.name`, message: `Duplicate value: "${ec.name}"` }]);
  if (!ec.image) throw invalid("Pod", pod.metadata.name ?? "", [{ field: `${field}.image`, message: "Required value" }]);
  if (ec.targetContainerName !== undefined && !pod.spec.containers.some((c) => c.name === ec.targetContainerName)) {
    throw invalid("Pod", pod.metadata.name ?? "", [
      { field: `${field}.targetContainerName`, message: `Not found: "${ec.targetContainerName}"` },
    ]);
  }
}

/** The CRI config of an ephemeral container: a container config like any, pid namespace per its target. */
export function ephemeralContainerConfig(
  pod: Pod,
  ec: EphemeralContainer,
  image: string,
  paths: PodPaths,
  targetId?: string,
): CRI.ContainerConfig {
  const cfg = containerConfig(pod, ec, "regular", 0, image, paths);
  const ns = cfg.linux?.security_context?.namespace_options ?? {};
  // kubelet: TARGET when the ephemeral container names a target, else the pod's own pid mode.
  const namespace_options: CRI.NamespaceOption = targetId ? { ...ns, pid: "TARGET", target_id: targetId } : ns;
  return {
    ...cfg,
    annotations: { ...cfg.annotations, "io.kubernetes.container.type": "ephemeral" },
    linux: { ...cfg.linux, security_context: { ...cfg.linux?.security_context, namespace_options } },
  };
}

export class EphemeralContainers {
  private readonly byPod = new Map<string, Map<string, Instance>>();
  private readonly pods = new Map<string, DebugPod>();
  private timer?: NodeJS.Timeout;

  constructor(private readonly deps: EphemeralDeps) {}

  /** The v1 statuses of a pod's ephemeral containers, in the order they were added. */
  statuses(uid: string): ContainerStatus[] {
    return [...(this.byPod.get(uid)?.values() ?? [])].map((i) =>
      apiContainerStatus({
        name: i.spec.name,
        image: i.spec.image ?? "",
        current: i.status,
        restartCount: 0,
        waiting: i.waiting,
        defaultWaitingReason: "ContainerCreating",
        started: true,
        ready: false,
      }),
    );
  }

  /** Adds the container to the pod's spec and runs it in the pod's sandbox. Returns its name. */
  async add(target: DebugPod, req: DebugRequest): Promise<EphemeralContainer> {
    const { pod } = target;
    const uid = pod.metadata.uid ?? "";
    const ec: EphemeralContainer = {
      name: req.name ?? `debugger-${Array.from(randomBytes(5), (b) => SUFFIX[b % SUFFIX.length]).join("")}`,
      image: req.image,
      ...(req.command?.length ? { command: req.command } : {}),
      ...(req.stdin ? { stdin: true } : {}),
      ...(req.tty ? { tty: true } : {}),
      ...(req.target ? { targetContainerName: req.target } : {}),
      terminationMessagePolicy: "File",
      imagePullPolicy: "IfNotPresent",
    } as EphemeralContainer;
    validateEphemeral(pod, ec);
    (pod.spec as { ephemeralContainers?: EphemeralContainer[] }).ephemeralContainers = [...ephemeralContainersOf(pod), ec];
    const inst: Instance = { spec: ec, waiting: { reason: "ContainerCreating" } };
    if (!this.byPod.has(uid)) this.byPod.set(uid, new Map());
    this.byPod.get(uid)!.set(ec.name, inst);
    this.pods.set(uid, target);
    target.wake();
    await this.start(target, inst);
    target.wake();
    this.poll();
    return ec;
  }

  /** The log file of an ephemeral container, once it was created. */
  logPath(uid: string, name: string): string | undefined {
    return this.byPod.get(uid)?.get(name)?.status?.log_path || undefined;
  }

  forget(uid: string): void {
    this.byPod.delete(uid);
    this.pods.delete(uid);
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private async start(target: DebugPod, inst: Instance): Promise<void> {
    const { cri, recorder, images } = this.deps;
    const { pod, paths } = target;
    const c = inst.spec;
    const fieldPath = ephemeralFieldPath(c.name);
    if (!target.sandboxId) {
      inst.waiting = { reason: "CreateContainerError", message: "the pod has no sandbox" };
      return;
    }
    const ensured = await images.ensureImageExists(pod, c, fieldPath, () => this.deps.pullSecrets(pod));
    if (!ensured.ok) {
      inst.waiting = { reason: ensured.reason, message: ensured.message };
      recorder.record(pod, "Warning", "Failed", `Error: ${ensured.reason}`, { fieldPath });
      return;
    }
    const targetId = c.targetContainerName
      ? pod.status?.containerStatuses?.find((s) => s.name === c.targetContainerName)?.containerID?.replace(/^[a-z]+:\/\//, "")
      : undefined;
    await mkdir(`${paths.logDir}/${c.name}`, { recursive: true });
    await prepareTerminationMessageFile(paths, c.name, 0);
    try {
      const sb = await cri.podSandboxStatus(target.sandboxId);
      const attempt = sb.status?.metadata?.attempt ?? 0;
      inst.id = await cri.createContainer(
        target.sandboxId,
        ephemeralContainerConfig(pod, c, ensured.image, paths, targetId),
        sandboxConfig(pod, paths, attempt),
      );
    } catch (err) {
      inst.waiting = { reason: "CreateContainerError", message: errorMessage(err) };
      recorder.record(pod, "Warning", "Failed", `Error: ${errorMessage(err)}`, { fieldPath });
      return;
    }
    recorder.record(pod, "Normal", "Created", `Created container: ${c.name}`, { fieldPath });
    try {
      await cri.startContainer(inst.id);
      recorder.record(pod, "Normal", "Started", `Started container ${c.name}`, { fieldPath });
    } catch (err) {
      recorder.record(pod, "Warning", "Failed", `Error: ${errorMessage(err)}`, { fieldPath });
    }
    inst.waiting = undefined;
    inst.status = (await cri.containerStatus(inst.id)).status ?? undefined;
  }

  /** While any ephemeral container has not exited, look at it every poll and let its pod know of a change. */
  private poll(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.refresh().then((more) => {
        if (more) this.poll();
      });
    }, this.deps.pollMs ?? 1000);
    this.timer.unref();
  }

  private async refresh(): Promise<boolean> {
    let more = false;
    for (const [uid, list] of this.byPod) {
      let changed = false;
      for (const inst of list.values()) {
        if (!inst.id || inst.status?.state === "CONTAINER_EXITED") continue;
        try {
          const st = (await this.deps.cri.containerStatus(inst.id)).status ?? undefined;
          if (st?.state !== inst.status?.state) changed = true;
          inst.status = st;
        } catch (err) {
          // Gone with its sandbox (the pod is being deleted): nothing more to watch.
          if (!isNotFound(err)) this.deps.log(`ephemeral container ${inst.spec.name}: ${errorMessage(err)}`);
          inst.id = undefined;
          continue;
        }
        if (inst.status?.state !== "CONTAINER_EXITED") more = true;
      }
      if (changed) this.pods.get(uid)?.wake();
    }
    return more;
  }
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
