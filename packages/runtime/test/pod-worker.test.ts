// The pod worker over the in-memory CRI (fake-cri.ts): observe, decide, act, and the status it
// writes — without root or containerd. The real-runtime behaviour stays covered by local-node*.test.ts.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Container, Pod, PodSpec } from "@podscope/core";
import { CriError } from "../src/cri";
import { EventRecorder } from "../src/kubelet/events";
import { PodWorker } from "../src/kubelet/pod-worker";
import { podPaths } from "../src/kubelet/sandbox-config";
import { FakeCri } from "./fake-cri";

let clock: number;
let cri: FakeCri;
let recorder: EventRecorder;
let dir: string;
let logged: string[];
let workers: PodWorker[];

beforeEach(() => {
  clock = Date.parse("2025-01-01T00:00:00Z");
  cri = new FakeCri(() => clock);
  recorder = new EventRecorder(() => new Date(clock), "node-1");
  dir = mkdtempSync(join(tmpdir(), "podscope-worker-"));
  logged = [];
  workers = [];
});
afterEach(() => {
  for (const w of workers) w.stop();
  rmSync(dir, { recursive: true, force: true });
});

const c = (name: string, extra: Partial<Container> = {}): Container => ({ name, image: "busybox", ...extra });

function worker(spec: Partial<PodSpec>): PodWorker {
  const pod: Pod = {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "p", namespace: "default", uid: "uid-1" },
    spec: { containers: [c("app")], terminationGracePeriodSeconds: 5, ...spec },
  };
  const w = new PodWorker(pod, {
    cri,
    recorder,
    now: () => new Date(clock),
    hostIP: "192.0.2.1",
    paths: podPaths(`${dir}/kubelet`, `${dir}/logs`, pod),
    onStatus: () => {},
    log: (m) => logged.push(m),
    host: { ensurePodCgroup: async () => undefined, removePodCgroup: () => [] },
  });
  workers.push(w);
  return w;
}

async function sync(w: PodWorker): Promise<Pod> {
  w.wake();
  await w.idle();
  return w.pod;
}

const status = (p: Pod, name: string) =>
  [...(p.status?.initContainerStatuses ?? []), ...(p.status?.containerStatuses ?? [])].find((s) => s.name === name)!;
const reasons = () => recorder.list().map((e) => `${e.reason}${e.count! > 1 ? ` x${e.count}` : ""}`);

describe("pod worker on a fake CRI", () => {
  it("runs a pod: sandbox, then its container; Running and Ready", async () => {
    const p = await sync(worker({}));
    expect(cri.calls.filter((x) => !x.startsWith("ExecSync"))).toEqual([
      "RunPodSandbox sb1",
      "CreateContainer app c2",
      "StartContainer c2",
    ]);
    expect(p.status?.phase).toBe("Running");
    expect(p.status?.podIP).toBe("10.88.0.1");
    expect(status(p, "app")).toMatchObject({ ready: true, restartCount: 0, state: { running: {} } });
    expect(reasons()).toEqual(["Pulled", "Created", "Started"]);
  });

  it("a crash restarts at once, the next one waits 10 s in CrashLoopBackOff, then runs again", async () => {
    const w = worker({});
    await sync(w);
    cri.exit("app", 1);
    let p = await sync(w);
    expect(status(p, "app")).toMatchObject({ restartCount: 1, state: { running: {} }, lastState: { terminated: { exitCode: 1 } } });
    clock += 2000;
    cri.exit("app", 1);
    p = await sync(w);
    expect(status(p, "app").state?.waiting).toEqual({
      reason: "CrashLoopBackOff",
      message: "back-off 10s restarting failed container=app pod=p_default(uid-1)",
    });
    expect(reasons()).toContain("BackOff");
    clock += 9000;
    p = await sync(w);
    expect(status(p, "app").state?.waiting?.reason).toBe("CrashLoopBackOff");
    clock += 1000;
    p = await sync(w);
    expect(status(p, "app")).toMatchObject({ restartCount: 2, state: { running: {} } });
    // The entry doubled for the next exit.
    expect(w.savedState().backoff["uid-1/app"].backoffMs).toBe(20_000);
  });

  it("an OOM kill under Never fails the pod and stops its sandbox", async () => {
    const w = worker({ restartPolicy: "Never" });
    await sync(w);
    cri.oom("app");
    const p = await sync(w);
    expect(p.status?.phase).toBe("Failed");
    expect(status(p, "app").state?.terminated).toMatchObject({ exitCode: 137, reason: "OOMKilled" });
    expect(cri.calls).toContain("StopPodSandbox sb1");
    // As kubelet, a finished pod keeps reporting the IP it had.
    expect(p.status?.podIP).toBe("10.88.0.1");
    // Nothing more happens on later syncs.
    const before = cri.calls.length;
    await sync(w);
    expect(cri.calls.length).toBe(before);
  });

  it("init containers run in order before the app; a failing one under Never fails the pod", async () => {
    const w = worker({ restartPolicy: "Never", initContainers: [c("i1"), c("i2")] });
    let p = await sync(w);
    expect(status(p, "i1").state?.running).toBeDefined();
    expect(status(p, "app").state?.waiting?.reason).toBe("PodInitializing");
    cri.exit("i1", 0);
    p = await sync(w);
    expect(status(p, "i2").state?.running).toBeDefined();
    cri.exit("i2", 3);
    p = await sync(w);
    expect(p.status?.phase).toBe("Failed");
    expect(status(p, "app").state?.waiting?.reason).toBe("PodInitializing");
    expect(cri.calls.some((x) => x.startsWith("CreateContainer app"))).toBe(false);
  });

  it("a sidecar runs beside the app and is stopped when the app is done; the pod Succeeds", async () => {
    const w = worker({ restartPolicy: "Never", initContainers: [c("side", { restartPolicy: "Always" })] });
    let p = await sync(w);
    // Started sidecar (no startup probe): the app starts in the next round of the same sync.
    p = await sync(w);
    expect(status(p, "side").state?.running).toBeDefined();
    expect(status(p, "app").state?.running).toBeDefined();
    expect(p.status?.phase).toBe("Running");
    cri.exit("app", 0);
    p = await sync(w);
    expect(status(p, "side").state?.terminated).toBeDefined();
    expect(p.status?.phase).toBe("Succeeded");
    expect(recorder.list().find((e) => e.reason === "Killing")?.message).toBe("Stopping container side");
  });

  it("a dead sandbox is replaced and the container runs again in the new one", async () => {
    const w = worker({});
    await sync(w);
    cri.killSandbox("sb1");
    const p = await sync(w);
    expect(reasons()).toContain("SandboxChanged");
    expect(cri.calls).toEqual(expect.arrayContaining(["StopPodSandbox sb1", "RunPodSandbox sb3"]));
    expect(cri.container("app").sandboxId).toBe("sb3");
    expect(status(p, "app")).toMatchObject({ restartCount: 1, state: { running: {} } });
    await w.terminate(0);
    expect(cri.sandboxes.size).toBe(0);
  });

  it("a sandbox removed behind the kubelet's back is replaced too (not a sync error)", async () => {
    const w = worker({});
    await sync(w);
    await cri.removePodSandbox("sb1");
    const p = await sync(w);
    expect(reasons()).not.toContain("FailedSync");
    expect(status(p, "app").state?.running).toBeDefined();
    expect(cri.sandboxes.size).toBe(1);
  });

  it("deletion stops, then removes containers and sandboxes; things already gone are fine", async () => {
    const w = worker({ containers: [c("a"), c("b")] });
    await sync(w);
    await cri.removeContainer(cri.container("b").id); // gone behind our back
    await w.terminate();
    expect(cri.containers.size).toBe(0);
    expect(cri.sandboxes.size).toBe(0);
    expect(logged).toEqual([]);
    expect(w.isRemoved).toBe(true);
    expect(
      recorder
        .list()
        .filter((e) => e.reason === "Killing")
        .map((e) => e.message),
    ).toEqual(["Stopping container a"]);
  });

  it("failures that are not NotFound are recorded, not swallowed", async () => {
    const w = worker({});
    await sync(w);
    cri.exit("app", 1);
    await sync(w); // restart 1: keeps the dead instance as previous
    clock += 20_000;
    cri.exit("app", 1);
    clock += 20_000;
    const removeContainer = cri.removeContainer.bind(cri);
    cri.removeContainer = async (id) => {
      if (id === "c2") throw new CriError("RemoveContainer", "UNKNOWN", "disk on fire");
      return removeContainer(id);
    };
    await sync(w); // restart 2: the oldest instance goes
    expect(logged).toEqual([
      "pod default/p: failed to remove dead container c2 of app: CRI RemoveContainer failed (UNKNOWN): disk on fire",
    ]);
    cri.stopPodSandbox = async () => {
      throw new CriError("StopPodSandbox", "DEADLINE_EXCEEDED", "slow");
    };
    await w.terminate(0);
    expect(recorder.list().find((e) => e.reason === "FailedKillPod")?.message).toBe(
      'error killing pod: failed to "KillPodSandbox" for "uid-1" with KillPodSandboxError: CRI StopPodSandbox failed (DEADLINE_EXCEEDED): slow',
    );
  });

  it("a pull failure waits in ErrImagePull, then ImagePullBackOff; 'Error: <reason>' beside kubelet's events", async () => {
    cri.pull = () => new CriError("PullImage", "NOT_FOUND", "x: not found");
    const w = worker({ containers: [c("app", { image: "127.0.0.1:5000/app:v1" })] });
    let p = await sync(w);
    expect(status(p, "app").state?.waiting).toEqual({ reason: "ErrImagePull", message: "rpc error: code = NotFound desc = x: not found" });
    clock += 3000;
    p = await sync(w);
    expect(status(p, "app").state?.waiting).toEqual({
      reason: "ImagePullBackOff",
      message: 'Back-off pulling image "127.0.0.1:5000/app:v1": ErrImagePull: rpc error: code = NotFound desc = x: not found',
    });
    expect(reasons()).toEqual(["Pulling", "Failed", "Failed", "BackOff", "Failed"]);
    expect(
      recorder
        .list()
        .filter((e) => e.reason === "Failed")
        .map((e) => e.message),
    ).toEqual([
      'Failed to pull image "127.0.0.1:5000/app:v1": rpc error: code = NotFound desc = x: not found',
      "Error: ErrImagePull",
      "Error: ImagePullBackOff",
    ]);
    expect(p.status?.phase).toBe("Pending");
  });

  it("deleting a pod cancels a pull that hangs on its registry", async () => {
    cri.pull = (_image, _auth, signal) =>
      new Promise((resolve) =>
        signal?.addEventListener("abort", () => resolve(new CriError("PullImage", "CANCELLED", "context canceled"))),
      );
    const w = worker({ containers: [c("app", { image: "127.0.0.1:5000/slow:v1" })] });
    w.wake();
    for (let i = 0; i < 50 && !cri.calls.some((x) => x.startsWith("PullImage")); i++) await new Promise((r) => setTimeout(r, 10));
    expect(cri.calls).toContain("PullImage 127.0.0.1:5000/slow:v1");
    await w.terminate(0);
    expect(w.isRemoved).toBe(true);
    expect(cri.sandboxes.size).toBe(0);
  });
});
