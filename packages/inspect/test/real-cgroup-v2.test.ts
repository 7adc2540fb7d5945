// A pure cgroup v2 layout on real cgroupfs: the host's cgroup2 mount (the unified hierarchy at
// /sys/fs/cgroup/unified on this hybrid machine, /sys/fs/cgroup on a v2 node) is forced as the only
// hierarchy through the injectable layout. Which controllers it offers depends on the host: on a
// hybrid host memory/cpu/pids are bound to v1 and absent here; on a v2 host they are enabled and
// limits are set and read back. Both cases are asserted.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFile, writeFile } from "node:fs/promises";
import {
  cgroupDir,
  cgroupProcesses,
  detectCgroupLayout,
  findPodCgroups,
  formatCgls,
  processCgroup,
  readCgroupTree,
  v2Layout,
  type CgroupLayout,
  type PodMapEntry,
} from "../src/index";
import { containerId, podUid, randomId, requireRoot, Scratch } from "./helpers";

const scratch = new Scratch();
const base = `/podscope-inspect-test-${randomId()}`;
const uid = podUid();
const sandboxId = containerId();
const appId = containerId();
const podPath = `${base}/kubepods/besteffort/pod${uid}`;
const pod: PodMapEntry = { uid, namespace: "ns1", name: "v2pod", sandboxId, containers: [{ id: appId, name: "app" }] };
let layout: CgroupLayout;
let controllers: string[];
let pauseLike: number;
let app: number;
const dir = (path: string) => cgroupDir(layout.unified!, path)!;

beforeAll(async () => {
  requireRoot();
  const host = await detectCgroupLayout();
  if (!host.unified) throw new Error("no cgroup2 mount on this host: mount one (mount -t cgroup2 none /sys/fs/cgroup/unified)");
  layout = v2Layout(host.unified.mountPoint);
  controllers = (await readFile(`${host.unified.mountPoint}/cgroup.controllers`, "utf8")).trim().split(/\s+/).filter(Boolean);
  await scratch.mkdirs(dir(`${podPath}/${sandboxId}`));
  await scratch.mkdirs(dir(`${podPath}/${appId}`));
  // Enable what the host offers of memory/cpu/pids down to the container cgroups (v2 needs it per level).
  const wanted = ["memory", "cpu", "pids"].filter((c) => controllers.includes(c));
  if (wanted.length) {
    const levels = ["", base, `${base}/kubepods`, `${base}/kubepods/besteffort`, podPath];
    for (const l of levels) await writeFile(`${dir(l || "/")}/cgroup.subtree_control`, wanted.map((c) => `+${c}`).join(" "));
    if (wanted.includes("memory")) await writeFile(`${dir(`${podPath}/${appId}`)}/memory.max`, String(32 * 1024 * 1024));
    if (wanted.includes("cpu")) await writeFile(`${dir(`${podPath}/${appId}`)}/cpu.max`, "20000 100000");
    if (wanted.includes("pids")) await writeFile(`${dir(`${podPath}/${appId}`)}/pids.max`, "5");
  }
  pauseLike = (await scratch.start("sleep", ["300"])).pid;
  app = (await scratch.start("sleep", ["302"])).pid;
  await scratch.join(dir(`${podPath}/${sandboxId}`), pauseLike);
  await scratch.join(dir(`${podPath}/${appId}`), app);
});

afterAll(() => scratch.cleanup());

describe("cgroup v2 layout on real cgroupfs", () => {
  it("reads the tree from the one hierarchy and maps it to the pod", async () => {
    const t = await readCgroupTree({ root: podPath, podMap: [pod], layout });
    expect(t.hierarchy).toBe("cgroup2");
    expect(t.kind).toBe("pod");
    expect(t.pod).toEqual({ namespace: "ns1", name: "v2pod", uid });
    const [sb, c] = [sandboxId, appId].map((id) => t.children.find((k) => k.name === id)!);
    expect(sb.kind).toBe("sandbox");
    expect(sb.processes).toEqual([{ pid: pauseLike, command: "sleep 300" }]);
    expect(c.kind).toBe("container");
    expect(c.container).toBe("app");
    expect(c.processes).toEqual([{ pid: app, command: "sleep 302" }]);

    if (controllers.includes("memory")) expect(c.memory).toMatchObject({ limitBytes: 32 * 1024 * 1024 });
    else expect(c.memory).toBeUndefined();
    if (controllers.includes("cpu")) expect(c.cpu).toEqual({ weight: 100, quotaMicros: 20000, periodMicros: 100000 });
    else expect(c.cpu).toBeUndefined();
    if (controllers.includes("pids")) expect(c.pids).toEqual({ current: 1, max: 5 });
    else expect(c.pids).toBeUndefined();
  });

  it("prints a v2 header (no controller) and the processes", async () => {
    const out = formatCgls(await readCgroupTree({ root: podPath, podMap: [pod], layout }), { shortIds: true });
    expect(out.split("\n")[0]).toMatch(new RegExp(`^Control group ${podPath}:  pod ns1/v2pod`));
    expect(out).toMatch(new RegExp(`└─${app} sleep 302`));
  });

  it("finds processes and the pod cgroup through the v2 layout", async () => {
    expect((await cgroupProcesses(podPath, { layout, recursive: true })).map((m) => m.pid).sort((a, b) => a - b)).toEqual(
      [pauseLike, app].sort((a, b) => a - b),
    );
    expect(await processCgroup(app, { layout })).toBe(`${podPath}/${appId}`);
    expect(await findPodCgroups(uid, { layout, cgroupRoot: base })).toEqual([{ path: podPath, driver: "cgroupfs", qos: "BestEffort" }]);
  });

  it("a threaded subtree: threaded cgroups list no processes (EOPNOTSUPP), their domain does", async () => {
    const dom = `${base}/threaded-domain`;
    await scratch.mkdirs(dir(`${dom}/worker`));
    await writeFile(`${dir(`${dom}/worker`)}/cgroup.type`, "threaded");
    const p = (await scratch.start("sleep", ["303"])).pid;
    await scratch.join(dir(dom), p);
    const t = await readCgroupTree({ root: dom, layout });
    expect(t.processes).toEqual([{ pid: p, command: "sleep 303" }]);
    expect(t.children.map((c) => [c.name, c.processes])).toEqual([["worker", []]]);
    expect((await cgroupProcesses(dom, { layout, recursive: true })).map((m) => m.pid)).toEqual([p]);
  });

  it("reports a missing cgroup naming the v2 hierarchy", async () => {
    await expect(readCgroupTree({ root: `${base}/gone`, layout })).rejects.toThrow(
      `cgroup ${base}/gone not found in the cgroup2 hierarchy`,
    );
  });
});
