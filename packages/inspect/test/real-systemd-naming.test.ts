// systemd cgroup driver naming on real cgroupfs: kubepods.slice/…-pod<uid_with_underscores>.slice/
// cri-containerd-<id>.scope, created under a test root in the tree hierarchy, then found by pod UID
// and mapped back to the pod and its containers.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  controllerDir,
  detectCgroupLayout,
  findKubepodsCgroups,
  findPodCgroups,
  formatCgls,
  podProcesses,
  readPodCgroupTree,
  treeHierarchy,
  type PodMapEntry,
} from "../src/index";
import { containerId, podUid, randomId, requireRoot, Scratch } from "./helpers";

const scratch = new Scratch();
const base = `/podscope-inspect-test-${randomId()}`;
const uid = podUid();
const u_ = uid.replace(/-/g, "_");
const sandboxId = containerId();
const appId = containerId();
const podPath = `${base}/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod${u_}.slice`;
const pod: PodMapEntry = { uid, namespace: "kube-system", name: "sysd", sandboxId, containers: [{ id: appId, name: "agent" }] };
let sb: number;
let app: number;

beforeAll(async () => {
  requireRoot();
  const layout = await detectCgroupLayout();
  const tree = treeHierarchy(layout).name;
  const d = (p: string) => controllerDir(layout, tree === "cgroup2" ? "" : tree, p)!;
  await scratch.mkdirs(d(`${podPath}/cri-containerd-${sandboxId}.scope`));
  await scratch.mkdirs(d(`${podPath}/cri-containerd-${appId}.scope`));
  sb = (await scratch.start("sleep", ["340"])).pid;
  app = (await scratch.start("sleep", ["341"])).pid;
  await scratch.join(d(`${podPath}/cri-containerd-${sandboxId}.scope`), sb);
  await scratch.join(d(`${podPath}/cri-containerd-${appId}.scope`), app);
});

afterAll(() => scratch.cleanup());

describe("systemd driver naming", () => {
  it("finds kubepods.slice and the pod's slice by uid", async () => {
    expect(await findKubepodsCgroups({ cgroupRoot: base })).toEqual([{ path: `${base}/kubepods.slice`, driver: "systemd" }]);
    expect(await findPodCgroups(uid, { cgroupRoot: base })).toEqual([{ path: podPath, driver: "systemd", qos: "BestEffort" }]);
  });

  it("maps the scopes to the sandbox and the container", async () => {
    const t = await readPodCgroupTree(pod, { cgroupRoot: base });
    expect(t.kind).toBe("pod");
    expect(t.pod).toEqual({ namespace: "kube-system", name: "sysd", uid });
    const byKind = Object.fromEntries(t.children.map((c) => [c.kind, c]));
    expect(byKind.sandbox).toMatchObject({ container: "POD", containerId: sandboxId, processes: [{ pid: sb, command: "sleep 340" }] });
    expect(byKind.container).toMatchObject({ container: "agent", containerId: appId, processes: [{ pid: app, command: "sleep 341" }] });
    expect(formatCgls(t)).toContain(`cri-containerd-${appId}.scope (#${byKind.container.id})  [agent]`);
    expect((await podProcesses(pod, { cgroupRoot: base })).map((p) => p.container).sort()).toEqual(["POD", "agent"]);
  });
});
