// `podscope down`: remove every pod, stop containerd, and undo what the local node changed on
// the host — kubepods cgroups, the pod bridge, ip_forward, mounts under our state dir.
import { existsSync, readFileSync, rmSync } from "node:fs";
import { CriClient } from "../cri/client";
import { validateBridgeName } from "./config";
import { deleteLink, findProcesses, processAlive, removeCgroupTree, unmountUnder, writeIpForward } from "./host";
import { containerdStatus, ensureContainerd, stopContainerd } from "./node";
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
  /** The ip_forward value written back, if one was recorded. */
  ipForwardRestored: string | undefined;
  unmounted: string[];
  /** Steps that failed; down goes on with the rest and reports them here. */
  errors: string[];
}

export async function down(options: LocalNodeOptions = {}): Promise<DownReport> {
  const o = resolveNodeOptions(options);
  const p = o.paths;
  // Without root every step below would fail one by one; say it once instead.
  if (process.getuid?.() !== 0) throw new LocalNodeUnavailableError(`down needs root (cgroups, the pod bridge, mounts); podscope runs as uid ${process.getuid?.()}`);
  const report: DownReport = {
    sandboxesRemoved: [],
    containerdStopped: false,
    shimsKilled: [],
    cgroupsRemoved: [],
    cgroupsBusy: [],
    bridgeDeleted: false,
    ipForwardRestored: undefined,
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
    const cri = status.running ? new CriClient(p.socket) : (await ensureContainerd({ ...options, importLocalImages: false })).cri;
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

  // A shim whose containerd died before its pod was removed keeps the pod alive: end it.
  await step("kill leftover shims", async () => {
    for (const pid of findProcesses(["containerd-shim", "-address", p.socket])) {
      try {
        process.kill(pid, "SIGKILL");
        report.shimsKilled.push(pid);
      } catch {}
    }
    const deadline = Date.now() + 5_000;
    while (report.shimsKilled.some(processAlive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
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
    if (!existsSync(p.ipForwardRecord)) return;
    const value = readFileSync(p.ipForwardRecord, "utf8").trim();
    if (value !== "0" && value !== "1") throw new Error(`unexpected recorded value ${JSON.stringify(value)} in ${p.ipForwardRecord}`);
    writeIpForward(value);
    report.ipForwardRestored = value;
    rmSync(p.ipForwardRecord);
  });

  await step(`unmount under ${p.nodeDir}`, async () => {
    report.unmounted = await unmountUnder(p.nodeDir);
  });

  return report;
}
