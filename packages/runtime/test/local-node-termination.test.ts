// Termination and adoption on real containerd: preStop before SIGTERM, SIGKILL at the grace
// deadline; a restarted server (graceful stop, and kill -9) adopts the running pods.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Pod } from "@podscope/core";
import { down, localNodePaths } from "../src/containerd";
import { CriClient } from "../src/cri";
import { LocalNode } from "../src/local-node";
import { removeHome, testNodeOptions, type TestNode } from "./cri-fixture";
import { cond, cs, pod, sh, waitForPod } from "./kubelet-helpers";

let o: TestNode;
let node: LocalNode;
let cri: CriClient;
/** What the node logged, across its restarts in this file. */
const logged: string[] = [];
const start = () => LocalNode.start({ home: o.home, containerd: { bridge: o.bridge, podSubnet: o.podSubnet }, log: (m) => logged.push(m) });

beforeAll(async () => {
  o = testNodeOptions("term");
  node = await start();
  cri = new CriClient(localNodePaths(o.home).socket);
});
afterAll(async () => {
  for (const p of node?.listPods() ?? [])
    await node.deletePod("default", p.metadata.name!, { gracePeriodSeconds: 0 }).catch(() => undefined);
  await node?.stop();
  cri?.close();
  if (o) {
    const r = await down({ home: o.home, bridge: o.bridge, podSubnet: o.podSubnet });
    removeHome(o);
    if (r.errors.length) throw new Error(r.errors.join("; "));
  }
});

describe("graceful termination", () => {
  it("runs preStop before SIGTERM, and SIGKILLs at the grace deadline a process that ignores SIGTERM", async () => {
    const mount = { volumeMounts: [{ name: "data", mountPath: "/data" }] };
    const { pod: created } = await node.createPod(
      pod("term", {
        terminationGracePeriodSeconds: 4,
        volumes: [{ name: "data", emptyDir: {} }],
        containers: [
          sh("polite", "trap 'echo TERM >> /data/log; exit 0' TERM; while true; do sleep 0.2; done", {
            ...mount,
            lifecycle: { preStop: { exec: { command: ["sh", "-c", "echo preStop >> /data/log; sleep 1"] } } },
          }),
          sh("stubborn", "trap '' TERM; while true; do sleep 1; done", mount),
        ],
      }),
    );
    await waitForPod(node, "term", "running", (p) => p.status?.containerStatuses?.every((c) => c.state?.running) === true);
    const log = `${localNodePaths(o.home).nodeDir}/kubelet/pods/${created.metadata.uid}/volumes/kubernetes.io~empty-dir/data/log`;
    // The pod directory goes with the pod: read the log while the deletion runs.
    let seen = "";
    const poll = setInterval(() => {
      try {
        seen = readFileSync(log, "utf8");
      } catch {
        // Not written yet, or already removed with the pod: keep what was last read.
      }
    }, 50);
    const deleted = new Promise<Pod>((resolve) => node.once("podDeleted", resolve));
    const t0 = Date.now();
    await node.deletePod("default", "term");
    const took = (Date.now() - t0) / 1000;
    clearInterval(poll);
    expect(seen).toBe("preStop\nTERM\n");
    const gone = await deleted;
    expect(took).toBeGreaterThanOrEqual(3.5);
    expect(took).toBeLessThan(8);
    expect(existsSync(log)).toBe(false);

    // The pod's last status, as it left: SIGTERM ended one (its trap exits 0), SIGKILL the other.
    expect(gone.metadata.deletionTimestamp).toBeDefined();
    expect(cs(gone, "polite").state?.terminated).toMatchObject({ exitCode: 0 });
    expect(cs(gone, "stubborn").state?.terminated).toMatchObject({ exitCode: 137, reason: "Error" });
    const killing = node
      .listEvents({ name: "term" })
      .filter((e) => e.reason === "Killing")
      .map((e) => e.message)
      .sort();
    expect(killing).toEqual(["Stopping container polite", "Stopping container stubborn"]);
    expect(node.getPod("default", "term")).toBeUndefined();
  }, 60_000);
});

describe("failing preStop", () => {
  it("is reported as FailedPreStopHook with its output, and the container is stopped anyway", async () => {
    await node.createPod(
      pod("bad-prestop", {
        containers: [
          sh("app", "trap 'exit 0' TERM; while true; do sleep 0.2; done", {
            lifecycle: { preStop: { exec: { command: ["sh", "-c", "echo cannot drain; exit 2"] } } },
          }),
        ],
      }),
    );
    await waitForPod(node, "bad-prestop", "running", (p) => !!p.status?.containerStatuses?.[0]?.state?.running);
    const deleted = new Promise<Pod>((resolve) => node.once("podDeleted", resolve));
    await node.deletePod("default", "bad-prestop");
    const gone = await deleted;
    const e = node.listEvents({ name: "bad-prestop" }).find((x) => x.reason === "FailedPreStopHook");
    expect(e?.type).toBe("Warning");
    expect(e?.message).toContain("exited with 2: cannot drain");
    expect(cs(gone, "app").state?.terminated?.exitCode).toBe(0);
  }, 60_000);
});

describe("state files", () => {
  // Found in CI: a save racing the pod's removal threw from a timer and took the whole server down.
  it("a state file that cannot be written is logged, and the node goes on running the pod", async () => {
    await node.createPod(pod("unsaved", { restartPolicy: "Never", containers: [sh("app", "sleep 4; exit 3")] }));
    const running = await waitForPod(node, "unsaved", "running", (p) => p.status?.phase === "Running");
    const file = `${localNodePaths(o.home).nodeDir}/kubelet/pods/${running.metadata.uid}/state.json`;
    // A non-empty directory where the file goes: renaming onto it fails, as the removed directory did.
    rmSync(file, { force: true });
    mkdirSync(`${file}/in-the-way`, { recursive: true });
    const failed = await waitForPod(node, "unsaved", "failed", (p) => p.status?.phase === "Failed");
    expect(cs(failed, "app").state?.terminated?.exitCode).toBe(3);
    await waitFor(() => logged.some((m) => m.startsWith("state of pod default/unsaved not saved: EISDIR")), "the failed save logged");
    // Once the way is clear again, the next change is saved.
    rmSync(file, { recursive: true });
    await node.deletePod("default", "unsaved", { gracePeriodSeconds: 30 });
    await waitFor(() => !node.getPod("default", "unsaved"), "the pod gone");
    expect(node.listPods().map((p) => p.metadata.name)).not.toContain("unsaved");
  }, 60_000);

  it("saves racing the pod's removal neither fail nor leave its directory behind", async () => {
    const pods = `${localNodePaths(o.home).nodeDir}/kubelet/pods`;
    const before = logged.length;
    // Readiness flips every second produce status (and so saves) up to the moment each pod goes.
    for (const n of [1, 2, 3, 4]) {
      await node.createPod(
        pod(`racing-${n}`, {
          containers: [
            sh("app", "sleep 3600", {
              readinessProbe: { exec: { command: ["sh", "-c", "test $(($(date +%s) % 2)) = 0"] }, periodSeconds: 1 },
            }),
          ],
        }),
      );
    }
    const uids = [];
    for (const n of [1, 2, 3, 4])
      uids.push((await waitForPod(node, `racing-${n}`, "running", (p) => p.status?.phase === "Running")).metadata.uid);
    await Promise.all([1, 2, 3, 4].map((n) => node.deletePod("default", `racing-${n}`, { gracePeriodSeconds: 0 })));
    await waitFor(() => [1, 2, 3, 4].every((n) => !node.getPod("default", `racing-${n}`)), "the pods gone");
    await new Promise((r) => setTimeout(r, 1000));
    for (const uid of uids) expect(existsSync(`${pods}/${uid}`)).toBe(false);
    expect(logged.slice(before).filter((m) => m.includes("not saved"))).toEqual([]);
  }, 60_000);
});

async function waitFor(ok: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("adoption", () => {
  it("a gracefully restarted node resumes its pods with their status, history and events", async () => {
    await node.createPod(
      pod("calm", { containers: [sh("app", "sleep 3600", { readinessProbe: { exec: { command: ["true"] }, periodSeconds: 1 } })] }),
    );
    const before = await waitForPod(node, "calm", "ready", (p) => cond(p, "Ready")?.status === "True");
    const historyBefore = node.history("default", "calm").length;
    await node.stop();
    // Leftovers of a pod whose sandbox is gone (as after `podscope down`): removed at start.
    const nodeDir = localNodePaths(o.home).nodeDir;
    mkdirSync(`${nodeDir}/kubelet/pods/0000-orphan/volumes`, { recursive: true });
    mkdirSync(`${localNodePaths(o.home).podLogsDir}/default_gone_0000-orphan/app`, { recursive: true });
    node = await start();
    expect(existsSync(`${nodeDir}/kubelet/pods/0000-orphan`)).toBe(false);
    expect(existsSync(`${localNodePaths(o.home).podLogsDir}/default_gone_0000-orphan`)).toBe(false);
    expect(existsSync(`${nodeDir}/kubelet/pods/${before.metadata.uid}`)).toBe(true);
    const after = node.getPod("default", "calm")!;
    expect(after.metadata.uid).toBe(before.metadata.uid);
    expect(after.status?.phase).toBe("Running");
    expect(cs(after, "app").containerID).toBe(cs(before, "app").containerID);
    expect(cs(after, "app").restartCount).toBe(0);
    expect(cond(after, "Ready")).toMatchObject({ status: "True", lastTransitionTime: cond(before, "Ready")!.lastTransitionTime });
    expect(node.history("default", "calm").length).toBeGreaterThanOrEqual(historyBefore);
    expect(node.listEvents({ name: "calm" }).map((e) => e.reason)).toEqual(["Scheduled", "Pulled", "Created", "Started"]);
  }, 60_000);

  /** A server process of its own running one pod "survivor"; resolves with it and the pod's uid once Ready. */
  async function childServer(args: string[] = []) {
    const child = spawn(
      process.execPath,
      ["--import", "tsx", fileURLToPath(new URL("./local-node-child.ts", import.meta.url)), o.home, o.bridge, o.podSubnet, ...args],
      { stdio: ["pipe", "pipe", "pipe"] },
    );
    let err = "";
    let out = "";
    child.stderr.on("data", (d) => {
      err += d;
    });
    child.stdout.on("data", (d) => {
      out += d;
    });
    const waitFor = (re: RegExp) =>
      new Promise<RegExpExecArray>((resolve, reject) => {
        const timer = setInterval(() => {
          const m = re.exec(out);
          if (m) {
            clearInterval(timer);
            resolve(m);
          }
        }, 50);
        setTimeout(() => {
          clearInterval(timer);
          reject(new Error(`child never printed ${re}: ${err}`));
        }, 60_000);
      });
    const uid = (await waitFor(/READY (\S+)/))[1];
    const kill9 = async () => {
      child.kill("SIGKILL");
      await new Promise((r) => child.once("exit", r));
    };
    return { child, uid, waitFor, kill9 };
  }

  it("after kill -9 of the server, the next start adopts the pod it ran", async () => {
    await node.stop();
    const { uid, kill9 } = await childServer();
    await kill9();

    node = await start();
    const p = node.getPod("default", "survivor")!;
    expect(p.metadata.uid).toBe(uid);
    expect(p.status?.phase).toBe("Running");
    expect(cs(p, "app").state?.running).toBeDefined();
    expect(cond(p, "Ready")?.status).toBe("True");
    expect(node.getPod("default", "calm")?.status?.phase).toBe("Running");
    let logs = "";
    for await (const l of node.logs("default", "survivor")) logs += l;
    expect(logs).toBe("up\n");
    // Still fully managed: deletion removes it and its pod cgroup.
    await node.deletePod("default", "survivor", { gracePeriodSeconds: 0 });
    expect(existsSync(`/sys/fs/cgroup/memory/kubepods/besteffort/pod${uid}`)).toBe(false);
    expect(await cri.listPodSandbox({ label_selector: { "io.kubernetes.pod.uid": uid } })).toEqual([]);
  }, 120_000);

  it("a deletion cut short by kill -9 of the server is finished by the next start, within the original deadline", async () => {
    await node.stop();
    const { child, uid, waitFor, kill9 } = await childServer(["6", "trap '' TERM; echo up; while true; do sleep 1; done"]);
    const began = Date.now();
    child.stdin.write("delete\n");
    await waitFor(/DELETING/);
    await kill9();
    node = await start();
    const p = node.getPod("default", "survivor");
    expect(p?.metadata.uid).toBe(uid);
    expect(p?.metadata.deletionTimestamp).toBeDefined();
    await new Promise<void>((resolve) => {
      const check = () => (node.getPod("default", "survivor") ? setTimeout(check, 100) : resolve());
      check();
    });
    // The grace period (6 s) counted from the first deletion, not restarted by the second server.
    const took = (Date.now() - began) / 1000;
    expect(took).toBeGreaterThanOrEqual(5);
    expect(took).toBeLessThan(11);
    expect(await cri.listPodSandbox({ label_selector: { "io.kubernetes.pod.uid": uid } })).toEqual([]);
    expect(existsSync(`${localNodePaths(o.home).nodeDir}/kubelet/pods/${uid}`)).toBe(false);
  }, 120_000);
});
