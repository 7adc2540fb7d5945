// Real cgroup v1 hierarchies of this host (memory, cpu, pids): a kubepods-shaped subtree under a
// test root, real processes moved into it, real limits set — then read back.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeFile } from "node:fs/promises";
import {
  CgroupNotFoundError,
  cgroupProcesses,
  controllerDir,
  detectCgroupLayout,
  findKubepodsCgroups,
  findPodCgroups,
  formatCgls,
  podProcesses,
  processCgroup,
  processesInCgroups,
  readCgroupTree,
  readKubepodsTree,
  readPodCgroupTree,
  type CgroupLayout,
  type CgroupNode,
  type PodMapEntry,
} from "../src/index";
import { containerId, podUid, randomId, requireRoot, Scratch } from "./helpers";

const scratch = new Scratch();
const base = `/podscope-inspect-test-${randomId()}`;
const uid = podUid();
const sandboxId = containerId();
const appId = containerId();
const podPath = `${base}/kubepods/burstable/pod${uid}`;
const pod: PodMapEntry = { uid, namespace: "default", name: "web", sandboxId, containers: [{ id: `containerd://${appId}`, name: "app" }] };
let layout: CgroupLayout;
let pauseLike: number;
let app1: number;
let app2: number;

const dir = (controller: string, path: string) => controllerDir(layout, controller, path)!;

beforeAll(async () => {
  requireRoot();
  layout = await detectCgroupLayout();
  if (layout.version === "v2")
    throw new Error("this test file needs v1 hierarchies; the host is pure cgroup v2 (real-cgroup-v2.test.ts covers it)");
  for (const c of ["memory", "cpu", "pids"]) {
    if (!layout.v1[c]) throw new Error(`v1 ${c} hierarchy not mounted`);
    await scratch.mkdirs(dir(c, `${podPath}/${sandboxId}`));
    await scratch.mkdirs(dir(c, `${podPath}/${appId}`));
  }
  await writeFile(`${dir("memory", podPath)}/memory.limit_in_bytes`, String(64 * 1024 * 1024));
  await writeFile(`${dir("cpu", `${podPath}/${appId}`)}/cpu.shares`, "256");
  await writeFile(`${dir("cpu", `${podPath}/${appId}`)}/cpu.cfs_quota_us`, "50000");
  await writeFile(`${dir("pids", `${podPath}/${appId}`)}/pids.max`, "10");

  pauseLike = (await scratch.start("sleep", ["300"])).pid;
  // The app processes exec sleep only after joining their cgroups, so the exec's memory is charged there.
  const starters = await Promise.all([0, 1].map(() => scratch.start("sh", ["-c", "read x; exec sleep 301"], "sh", "pipe")));
  for (const c of ["memory", "cpu", "pids"]) {
    await scratch.join(dir(c, `${podPath}/${sandboxId}`), pauseLike);
    for (const s of starters) await scratch.join(dir(c, `${podPath}/${appId}`), s.pid);
  }
  for (const s of starters) s.stdin!.write("go\n");
  [app1, app2] = starters.map((s) => s.pid).sort((a, b) => a - b);
  const { waitFor, comm } = await import("./helpers");
  for (const pid of [app1, app2]) await waitFor(`pid ${pid} to exec sleep`, async () => (await comm(pid)) === "sleep");
});

afterAll(() => scratch.cleanup());

function find(node: CgroupNode, path: string): CgroupNode | undefined {
  if (node.path === path) return node;
  for (const c of node.children) {
    const f = find(c, path);
    if (f) return f;
  }
}

describe("cgroup v1 tree on the real host", () => {
  it("detects the layout this host has: memory defines the tree", async () => {
    expect(layout.v1.memory.mountPoint).toMatch(/memory$/);
  });

  it("reads the kubepods-shaped subtree with kinds, names, processes and limits", async () => {
    const t = await readCgroupTree({ root: base, podMap: [pod] });
    expect(t.hierarchy).toBe("memory");
    expect(t.path).toBe(base);
    expect(t.kind).toBe("other");
    expect(find(t, `${base}/kubepods`)!.kind).toBe("kubepods");
    expect(find(t, `${base}/kubepods/burstable`)!.kind).toBe("qos");

    const p = find(t, podPath)!;
    expect(p.kind).toBe("pod");
    expect(p.pod).toEqual({ namespace: "default", name: "web", uid });
    expect(p.memory!.limitBytes).toBe(64 * 1024 * 1024);
    expect(p.processes).toEqual([]);

    const sb = find(t, `${podPath}/${sandboxId}`)!;
    expect(sb.kind).toBe("sandbox");
    expect(sb.container).toBe("POD");
    expect(sb.processes).toEqual([{ pid: pauseLike, command: "sleep 300" }]);
    // no limit of its own: v1's huge number reads as unlimited
    expect(sb.memory!.limitBytes).toBeNull();
    expect(sb.cpu).toEqual({ shares: 1024, quotaMicros: null, periodMicros: 100000 });

    const app = find(t, `${podPath}/${appId}`)!;
    expect(app.kind).toBe("container");
    expect(app.container).toBe("app");
    expect(app.processes).toEqual([
      { pid: app1, command: "sleep 301" },
      { pid: app2, command: "sleep 301" },
    ]);
    expect(app.cpu).toEqual({ shares: 256, quotaMicros: 50000, periodMicros: 100000 });
    expect(app.pids).toEqual({ current: 2, max: 10 });
    // the exec after joining charged real pages to the container, and v1 memory is hierarchical
    expect(app.memory!.usageBytes).toBeGreaterThan(0);
    expect(p.memory!.usageBytes).toBeGreaterThanOrEqual(app.memory!.usageBytes);
    expect(typeof app.id).toBe("number");
  });

  it("formats it as systemd-cgls does, annotated", async () => {
    const t = await readCgroupTree({ root: podPath, podMap: [pod] });
    const out = formatCgls(t, { shortIds: true });
    const lines = out.split("\n");
    expect(lines[0]).toBe(
      `Controller memory; Control group ${podPath}:  pod default/web · mem ${lines[0].match(/mem (\S+)\//)![1]}/64Mi · cpu 1024 shares · pids 3/max`,
    );
    expect(out).toContain(`${appId.slice(0, 13)} (#${find(t, `${podPath}/${appId}`)!.id})  [app] · mem `);
    expect(out).toContain(`cpu 256 shares quota 50ms/100ms · pids 2/10`);
    expect(out).toContain(`${sandboxId.slice(0, 13)} (#`);
    expect(out).toContain(`[pause]`);
    expect(out).toMatch(new RegExp(`[├└]─${pauseLike} sleep 300`));
    expect(out).toMatch(new RegExp(`└─${app2} sleep 301`));
  });

  it("finds the pod cgroup by uid, and its processes with their containers", async () => {
    expect(await findPodCgroups(uid, { cgroupRoot: base })).toEqual([{ path: podPath, driver: "cgroupfs", qos: "Burstable" }]);
    expect(await findPodCgroups(podUid(), { cgroupRoot: base })).toEqual([]);
    const procs = await podProcesses(pod, { cgroupRoot: base });
    expect(procs.map((p) => [p.pid, p.container])).toEqual(
      [
        [pauseLike, "POD"],
        [app1, "app"],
        [app2, "app"],
      ].sort((a, b) => (a[0] as number) - (b[0] as number)),
    );
    const tree = await readPodCgroupTree(pod, { cgroupRoot: base });
    expect(tree.kind).toBe("pod");
    expect(tree.children).toHaveLength(2);
  });

  it("finds the node's kubepods cgroup and reads the whole kubepods tree", async () => {
    expect(await findKubepodsCgroups({ cgroupRoot: base })).toEqual([{ path: `${base}/kubepods`, driver: "cgroupfs" }]);
    const t = await readKubepodsTree([pod], { cgroupRoot: base });
    expect(t.kind).toBe("kubepods");
    expect(find(t, `${podPath}/${appId}`)!.container).toBe("app");
    await expect(readKubepodsTree([pod], { cgroupRoot: `${base}/kubepods/burstable` })).rejects.toThrow(
      `no kubepods cgroup on this node (looked for kubepods and kubepods.slice under ${base}/kubepods/burstable)`,
    );
  });

  it("lists processes of a cgroup, with or without descendants, and the cgroup of a process", async () => {
    expect((await cgroupProcesses(`${podPath}/${appId}`)).map((m) => m.pid)).toEqual([app1, app2]);
    expect(await cgroupProcesses(podPath)).toEqual([]);
    expect((await cgroupProcesses(base, { recursive: true })).map((m) => m.pid).sort((a, b) => a - b)).toEqual(
      [pauseLike, app1, app2].sort((a, b) => a - b),
    );
    const members = await processesInCgroups([`${podPath}/${sandboxId}`, `${podPath}/${appId}`]);
    expect(members.find((m) => m.pid === pauseLike)!.cgroup).toBe(`${podPath}/${sandboxId}`);
    expect((await processesInCgroups([podPath])).map((m) => m.pid)).toEqual([pauseLike, app1, app2].sort((a, b) => a - b));
    expect(await processesInCgroups([podPath], { recursive: false })).toEqual([]);
    expect(await processCgroup(app1)).toBe(`${podPath}/${appId}`);
  });

  it("says clearly when a cgroup is not there", async () => {
    await expect(readCgroupTree({ root: `${base}/nope` })).rejects.toThrow(CgroupNotFoundError);
    await expect(readCgroupTree({ root: `${base}/nope` })).rejects.toThrow(`cgroup ${base}/nope not found in the memory hierarchy`);
    await expect(cgroupProcesses(`${base}/nope`)).rejects.toThrow(`cgroup ${base}/nope not found in the memory hierarchy`);
    await expect(readPodCgroupTree({ ...pod, uid: podUid() }, { cgroupRoot: base })).rejects.toThrow(
      /no cgroup for pod default\/web \(uid [0-9a-f-]+\) under any QoS class/,
    );
  });
});
