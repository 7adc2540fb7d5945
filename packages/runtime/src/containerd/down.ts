// `podscope down`: remove every pod, stop containerd, and undo what the local node changed on
// the host — kubepods cgroups, the pod bridge, ip_forward, mounts under our state dir.
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, rmdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { CriClient } from "../cri/client";
import { validateBridgeName } from "./config";
import { deleteLink, findProcesses, processAlive, removeCgroupTree, unmountUnder } from "./host";
import { releaseNode } from "./ip-forward";
import { containerdStatus, ensureLocked, stopContainerd, withNodeLock } from "./node";
import { resolveNodeOptions, type LocalNodeOptions } from "./paths";
import { LocalNodeUnavailableError } from "./prerequisites";

export interface DownReport {
  /** Sandboxes stopped and removed through the CRI. */
  sandboxesRemoved: string[];
  containerdStopped: boolean;
  /** Shim processes of our socket that outlived containerd and were killed. */
  shimsKilled: number[];
  cgroupsRemoved: string[];
  /** kubepods cgroups still in use (e.g. by another podscope instance), left in place. */
  cgroupsBusy: string[];
  bridgeDeleted: boolean;
  /** The ip_forward value written back, when this was the last podscope node running. */
  ipForwardRestored: string | undefined;
  /** Homes of other podscope nodes still running, for which ip_forward was left as it is. */
  ipForwardKeptFor: string[];
  unmounted: string[];
  /** Steps that failed; down goes on with the rest and reports them here. */
  errors: string[];
}

export async function down(options: LocalNodeOptions = {}): Promise<DownReport> {
  const o = resolveNodeOptions(options);
  // Without root every step would fail one by one; say it once instead.
  if (process.getuid?.() !== 0)
    throw new LocalNodeUnavailableError(`down needs root (cgroups, the pod bridge, mounts); podscope runs as uid ${process.getuid?.()}`);
  // Not while another process starts this node (it would come back half-made).
  if (!existsSync(o.paths.nodeDir)) return downLocked(options);
  return withNodeLock(o, `taking down the node at ${o.paths.home}`, () => downLocked(options));
}

async function downLocked(options: LocalNodeOptions): Promise<DownReport> {
  const o = resolveNodeOptions(options);
  const p = o.paths;
  const report: DownReport = {
    sandboxesRemoved: [],
    containerdStopped: false,
    shimsKilled: [],
    cgroupsRemoved: [],
    cgroupsBusy: [],
    bridgeDeleted: false,
    ipForwardRestored: undefined,
    ipForwardKeptFor: [],
    unmounted: [],
    errors: [],
  };
  const step = async (what: string, fn: () => Promise<void> | void) => {
    try {
      await fn();
    } catch (err) {
      report.errors.push(`${what}: ${(err as Error).message}`);
    }
  };

  // Pods are removed through containerd so CNI releases addresses and shims exit cleanly. If
  // containerd was stopped (or killed) while pods remain, start it again to do that.
  await step("remove pods", async () => {
    const status = await containerdStatus(options);
    if (!status.running && !existsSync(p.root)) return;
    const cri = status.running ? new CriClient(p.socket) : (await ensureLocked(o, false)).cri;
    try {
      // A few at a time: each stop waits on its shim and CNI, which overlap well.
      const queue = await cri.listPodSandbox();
      const worker = async () => {
        for (let sb = queue.shift(); sb; sb = queue.shift()) {
          await cri.stopPodSandbox(sb.id);
          await cri.removePodSandbox(sb.id);
          report.sandboxesRemoved.push(sb.id);
        }
      };
      await Promise.all(Array.from({ length: 4 }, worker));
    } finally {
      cri.close();
    }
  });

  await step("stop containerd", async () => {
    report.containerdStopped = await stopContainerd(options);
  });

  // Normally nothing is left here. If containerd could not be brought back to remove the pods,
  // their shims still hold them: kill what each shim started (pause, container inits, execs;
  // killing a pid namespace's init ends the whole namespace), then the shim, then clear the
  // files the shim and libcni keep outside our home.
  await step("kill leftover shims", async () => {
    const shims = findProcesses(["containerd-shim", "-address", p.socket]);
    const shimIds = new Map(shims.map((pid) => [pid, argAfter(pid, "-id")] as const));
    const victims = [...childrenOf(shims), ...shims];
    for (const pid of victims) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // Already exited between the scan and the kill: that is the outcome we want.
      }
    }
    report.shimsKilled = shims;
    const deadline = Date.now() + 5_000;
    while (victims.some(processAlive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    for (const pid of shims) {
      const id = shimIds.get(pid);
      if (id) removeShimLeftovers(p.socket, id);
    }
  });

  await step("remove kubepods cgroups", () => {
    const c = removeCgroupTree("/kubepods");
    report.cgroupsRemoved = c.removed;
    report.cgroupsBusy = c.busy;
  });

  await step(`delete the pod bridge`, async () => {
    const bridges = new Set([o.bridge]);
    if (existsSync(p.networkRecord)) {
      const recorded = JSON.parse(readFileSync(p.networkRecord, "utf8")).bridge;
      if (typeof recorded === "string") bridges.add(validateBridgeName(recorded));
    }
    for (const b of bridges) if (await deleteLink(b)) report.bridgeDeleted = true;
    rmSync(p.networkRecord, { force: true });
  });

  await step("restore net.ipv4.ip_forward", () => {
    const r = releaseNode(p);
    report.ipForwardRestored = r.restored;
    report.ipForwardKeptFor = r.keptFor;
  });

  await step(`unmount under ${p.nodeDir}`, async () => {
    report.unmounted = await unmountUnder(p.nodeDir);
  });

  // The shims made /run/containerd/s for their sockets; remove it (and its parent) if now empty.
  // A host containerd or another podscope still using it keeps it: rmdir fails on a non-empty dir.
  for (const d of ["/run/containerd/s", "/run/containerd"]) {
    try {
      rmdirSync(d);
    } catch {
      // Not empty (still in use) or already gone: either way it is not ours to remove.
    }
  }

  return report;
}

/** Direct children of the given processes (from /proc/<pid>/stat's ppid field). */
function childrenOf(parents: number[]): number[] {
  const wanted = new Set(parents);
  const out: number[] = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (wanted.has(ppid)) out.push(Number(name));
    } catch {
      // The process exited while we listed /proc: it is no one's child any more.
    }
  }
  return out;
}

function argAfter(pid: number, flag: string): string | undefined {
  try {
    const argv = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  } catch {
    return undefined;
  }
}

/**
 * containerd 1.6's runc shim listens on /run/containerd/s/<sha256(address/namespace/id)>, a
 * path it does not let us move; libcni caches each attachment's result in /var/lib/cni/results.
 * Both are removed by a clean teardown; after a killed shim we remove ours by sandbox id.
 */
function removeShimLeftovers(socket: string, sandboxId: string): void {
  const hash = createHash("sha256")
    .update(join(socket, "k8s.io", sandboxId))
    .digest("hex");
  rmSync(join("/run/containerd/s", hash), { force: true });
  for (const f of [`podscope-${sandboxId}-eth0`, `cni-loopback-${sandboxId}-lo`]) rmSync(join("/var/lib/cni/results", f), { force: true });
}
