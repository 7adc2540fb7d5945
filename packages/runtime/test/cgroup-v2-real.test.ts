// The cgroup v2 writer and reader on the real kernel, in a cgroup2 mount of the test's own
// (mounted at a temporary directory, unmounted after): the kubepods chain for both drivers under
// a test --cgroup-root, controllers enabled level by level, kubelet's pod values written, a real
// process placed in a container cgroup, and all of it read back through packages/inspect
// (the tree, the process, the limits, PSI).
//
// What this VM allows, and why (checked at run time, asserted either way):
// - It boots hybrid: memory, cpu, cpuset, pids, blkio … are bound to cgroup v1 hierarchies. A
//   controller moves to cgroup2 only when its v1 hierarchy is destroyed, i.e. unmounted with no
//   child cgroups; here memory holds the VM agent's cgroups (process_api/…), and cpu/pids hold
//   the kubepods of the nodes other tests run (podscope's, the real kubelet's) — unmounting them
//   would break those nodes, and the kernel would keep the hierarchy anyway while children exist.
//   So on this VM cpu.max, memory.max and pids.max cannot be written to a real cgroup2 file: the
//   writer reports them skipped, naming the v1 hierarchy as the reason, and the test asserts that.
//   On a cgroup v2 host (root cgroup.controllers lists them) the same test asserts them written
//   and read back.
// - hugetlb is not bound to v1 here, so it is on cgroup2: enabling it level by level and writing
//   hugetlb.<size>.max is real. Enabling it at the root is a host-wide change; the test turns it
//   off again at the end if it was off before.
// - PSI: the kernel runs with psi=1 (/proc/pressure exists), so every cgroup2 cgroup has
//   cpu/memory/io.pressure — read back for real.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmdirSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Pod } from "@podscope/core";
import { formatCgls, readCgroupTree, v2Layout } from "@podscope/inspect";
import { hostHugePageSizesKb, hugePageSizeName, writePodCgroupV2 } from "../src/cgroup/v2-writer";

let mnt: string;
let rootOffers: string[];
let hugetlbWasOn = false;
const cgroupRoot = `/podscope-v2-test-${randomBytes(4).toString("hex")}`;
const procs: ChildProcess[] = [];

const controllers = (dir: string) => readFileSync(join(dir, "cgroup.controllers"), "utf8").trim().split(/\s+/).filter(Boolean);

/** rmdir a cgroup subtree, deepest first (cgroupfs only removes empty cgroups, one at a time). */
function removeTree(dir: string): void {
  if (!existsSync(dir)) return;
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) removeTree(p);
  }
  rmdirSync(dir);
}

beforeAll(() => {
  expect(process.getuid?.(), "mounting cgroup2 needs root").toBe(0);
  mnt = mkdtempSync(join(tmpdir(), "podscope-cgroup2-"));
  execFileSync("mount", ["-t", "cgroup2", "none", mnt]);
  rootOffers = controllers(mnt);
  hugetlbWasOn = readFileSync(join(mnt, "cgroup.subtree_control"), "utf8").split(/\s+/).includes("hugetlb");
});

afterAll(async () => {
  for (const p of procs) p.kill("SIGKILL");
  await new Promise((r) => setTimeout(r, 200));
  if (mnt) {
    removeTree(join(mnt, cgroupRoot));
    if (!hugetlbWasOn && rootOffers.includes("hugetlb")) writeFileSync(join(mnt, "cgroup.subtree_control"), "-hugetlb");
    execFileSync("umount", [mnt]);
    rmdirSync(mnt);
  }
});

const pod = (uid: string): Pod => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: "v2pod", namespace: "default", uid },
  spec: {
    containers: [
      { name: "app", image: "busybox", resources: { requests: { cpu: "250m", memory: "64Mi" }, limits: { cpu: "500m", memory: "128Mi" } } },
    ],
  },
});

describe.each(["cgroupfs", "systemd"] as const)("cgroup v2 on the real kernel, %s driver", (driver) => {
  it("writes the kubepods chain and the pod's values, and packages/inspect reads them back with PSI", async () => {
    const uid = randomUUID();
    const containerId = randomBytes(32).toString("hex");
    const r = await writePodCgroupV2(pod(uid), { mountPoint: mnt, driver, cgroupRoot });
    expect(r.path.startsWith(`${cgroupRoot}/kubepods`)).toBe(true);

    // Each level enabled every pod controller the hierarchy has, and the kernel shows it.
    const expected = ["cpu", "io", "memory", "hugetlb", "pids"].filter((c) => rootOffers.includes(c));
    expect(r.enabled.map((e) => e.controllers)).toEqual(r.enabled.map(() => expected));
    for (const e of r.enabled) {
      const sc = readFileSync(join(mnt, e.path, "cgroup.subtree_control"), "utf8")
        .trim()
        .split(/\s+/)
        .filter(Boolean);
      expect(sc.filter((c) => expected.includes(c)).sort()).toEqual([...expected].sort());
    }
    expect(controllers(r.dir).sort()).toEqual([...expected].sort());

    // Written where the kernel offers the controller, skipped (with the v1 reason) where it does not.
    const onV2 = (c: string) => rootOffers.includes(c);
    for (const [file, value] of [
      ["cpu.max", "50000 100000"],
      ["memory.max", String(128 * 1024 * 1024)],
      ["pids.max", "max"],
    ] as const) {
      const controller = file.split(".")[0];
      if (onV2(controller)) {
        expect(r.written[file]).toBe(value);
        expect(readFileSync(join(r.dir, file), "utf8").trim()).toBe(value);
      } else {
        expect(r.skipped.find((s) => s.file === file)?.reason).toMatch(
          new RegExp(`the ${controller} controller is not in this cgroup2 hierarchy .*v1 hierarchy holds it`),
        );
      }
    }
    for (const kb of hostHugePageSizesKb()) {
      const file = `hugetlb.${hugePageSizeName(kb)}.max`;
      if (onV2("hugetlb")) expect(readFileSync(join(r.dir, file), "utf8").trim()).toBe("0");
      else expect(r.skipped.map((s) => s.file)).toContain(file);
    }

    // A real process in a container cgroup below the pod (v2: processes live in leaves).
    const leaf = join(r.dir, containerId);
    execFileSync("mkdir", [leaf]);
    const sleeper = spawn("sleep", ["300"], { stdio: "ignore" });
    procs.push(sleeper);
    writeFileSync(join(leaf, "cgroup.procs"), String(sleeper.pid));

    const tree = await readCgroupTree({
      root: r.path,
      layout: v2Layout(mnt),
      podMap: [{ uid, namespace: "default", name: "v2pod", containers: [{ id: containerId, name: "app" }] }],
    });
    expect(tree.hierarchy).toBe("cgroup2");
    expect(tree.kind).toBe("pod");
    expect(tree.pod).toEqual({ namespace: "default", name: "v2pod", uid });
    const c = tree.children.find((k) => k.containerId === containerId)!;
    expect(c).toMatchObject({ kind: "container", container: "app", processes: [{ pid: sleeper.pid, command: "sleep 300" }] });
    if (onV2("cpu")) expect(tree.cpu).toMatchObject({ quotaMicros: 50000, periodMicros: 100000 });
    else expect(tree.cpu).toBeUndefined();
    if (onV2("memory")) expect(tree.memory?.limitBytes).toBe(128 * 1024 * 1024);
    else expect(tree.memory).toBeUndefined();
    if (onV2("pids")) expect(tree.pids).toMatchObject({ current: 1, max: null });
    else expect(tree.pids).toBeUndefined();

    // PSI: real figures when the kernel has it, nothing when it does not.
    if (existsSync("/proc/pressure/cpu")) {
      for (const k of ["cpu", "memory", "io"] as const) {
        expect(tree.pressure?.[k]?.some.totalMicros).toBeGreaterThanOrEqual(0);
        expect(c.pressure?.[k]?.some.avg10).toBeGreaterThanOrEqual(0);
      }
      expect(formatCgls(tree)).toMatch(/psi cpu \d+\.\d\d% mem \d+\.\d\d% io \d+\.\d\d%/);
    } else {
      expect(tree.pressure).toBeUndefined();
    }
    sleeper.kill("SIGKILL");
  }, 30_000);
});
