// Real process trees, with a real zombie: `sh -c 'sleep 0.1 & exec sleep 306'` leaves a child that
// exits and is never reaped, because the parent became `sleep`, which does not wait — exactly what
// happens in a container without an init that reaps (and why pause reaps).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cgroupProcesses, controllerDir, detectCgroupLayout, formatProcessTree, readPodProcessTree, readProcessTree } from "../src/index";
import { containerId, podUid, randomId, requireRoot, Scratch, waitFor } from "./helpers";
import { readFile } from "node:fs/promises";

const scratch = new Scratch();
let parent: number;
let zombie: number;

async function childrenOf(pid: number): Promise<number[]> {
  const raw = await readFile(`/proc/${pid}/task/${pid}/children`, "utf8");
  return raw.trim().split(/\s+/).filter(Boolean).map(Number);
}

beforeAll(async () => {
  requireRoot();
  parent = (await scratch.start("sh", ["-c", "sleep 0.1 & exec sleep 306"])).pid;
  zombie = await waitFor("the child to become a zombie", async () => {
    const [c] = await childrenOf(parent);
    if (!c) return undefined;
    const stat = await readFile(`/proc/${c}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).startsWith("Z") ? c : undefined;
  });
});

afterAll(() => scratch.cleanup());

describe("process tree of real processes", () => {
  it("finds the zombie child with state Z and [comm] as command", async () => {
    const roots = await readProcessTree([parent]);
    expect(roots).toHaveLength(1);
    expect(roots[0]).toMatchObject({ pid: parent, command: "sleep 306", state: "S", ppid: process.pid });
    expect(roots[0].children).toEqual([{ pid: zombie, ppid: parent, comm: "sleep", command: "[sleep]", state: "Z", children: [] }]);
    expect(formatProcessTree(roots)).toContain(` \\_ [sleep] <defunct>`);
  });

  it("only the given pids without descendants; exited pids are skipped", async () => {
    const roots = await readProcessTree([parent, 2 ** 22 + 9], { descendants: false });
    expect(roots.map((r) => [r.pid, r.children.length])).toEqual([[parent, 0]]);
  });

  it("a pod's tree: cgroup.procs no longer lists the zombie, the tree still shows it", async () => {
    const layout = await detectCgroupLayout();
    const base = `/podscope-inspect-test-${randomId()}`;
    const uid = podUid();
    const c = containerId();
    const tree = layout.version === "v2" ? "" : layout.v1.memory ? "memory" : "name=systemd";
    const cg = `${base}/kubepods/besteffort/pod${uid}/${c}`;
    await scratch.mkdirs(controllerDir(layout, tree, cg)!);
    await scratch.join(controllerDir(layout, tree, cg)!, parent);
    expect((await cgroupProcesses(cg)).map((m) => m.pid)).toEqual([parent]);
    const roots = await readPodProcessTree(
      { uid, namespace: "default", name: "z", containers: [{ id: c, name: "app" }] },
      { cgroupRoot: base },
    );
    expect(roots[0]).toMatchObject({ pid: parent, container: "app" });
    expect(roots[0].children[0]).toMatchObject({ pid: zombie, state: "Z", container: "app" });
  });

  it("rejects a bad pid", async () => {
    await expect(readProcessTree([-3])).rejects.toThrow("pid must be a positive integer, got -3");
  });
});
