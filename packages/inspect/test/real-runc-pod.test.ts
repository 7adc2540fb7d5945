// A real pod built by the real runtime below containerd: runc creates a sandbox container (own
// pid/net/ipc/uts/mnt namespaces, like pause) and an app container that joins the sandbox's
// net/ipc/uts, both with cgroupfs-driver paths /kubepods/besteffort/pod<uid>/<id> (under a test
// root), and the app with resources that runc writes into the cgroup files. We then inspect it.
import { isErrno } from "@podscope/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFileSync, spawnSync } from "node:child_process";
import {
  closeSync,
  copyFileSync,
  openSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import {
  cgroupDir,
  controllerDir,
  treeHierarchy,
  createNodeInspector,
  PodNotFoundError,
  detectCgroupLayout,
  formatCgls,
  readPodCgroupTree,
  readPodNamespaces,
  readPodProcessTree,
  type CgroupLayout,
  type PodMapEntry,
} from "../src/index";
import { comm, containerId, podUid, randomId, requireRoot, waitFor } from "./helpers";

const RUNC = "/usr/bin/runc";
const BUSYBOX = "/bin/busybox";
const work = mkdtempSync(`${tmpdir()}/podscope-inspect-runc-`);
const state = `${work}/state`;
const base = `/podscope-inspect-test-${randomId()}`;
const uid = podUid();
const sandboxId = containerId();
const appId = containerId();
const podPath = `${base}/kubepods/besteffort/pod${uid}`;
const pod: PodMapEntry = { uid, namespace: "default", name: "runc-pod", sandboxId, containers: [{ id: appId, name: "app" }] };
let layout: CgroupLayout;
let sandboxPid = 0;
let appPid = 0;

function runc(...args: string[]): string {
  const r = spawnSync(RUNC, ["--root", state, ...args], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  if (r.status !== 0) throw new Error(`runc ${args.join(" ")} failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}

function bundle(id: string, args: string[], namespaces: object[], resources?: object): string {
  const dir = `${work}/${id.slice(0, 12)}`;
  mkdirSync(`${dir}/rootfs/bin`, { recursive: true });
  copyFileSync(BUSYBOX, `${dir}/rootfs/bin/busybox`);
  for (const a of ["sh", "sleep"]) symlinkSync("busybox", `${dir}/rootfs/bin/${a}`);
  for (const d of ["proc", "dev", "sys"]) mkdirSync(`${dir}/rootfs/${d}`);
  execFileSync(RUNC, ["spec", "--bundle", dir]);
  const spec = JSON.parse(readFileSync(`${dir}/config.json`, "utf8"));
  spec.process.terminal = false;
  spec.process.args = args;
  spec.root.readonly = true;
  spec.hostname = "runc-pod";
  spec.linux.namespaces = namespaces;
  spec.linux.cgroupsPath = `${podPath}/${id}`;
  if (resources) spec.linux.resources = { ...spec.linux.resources, ...resources };
  writeFileSync(`${dir}/config.json`, JSON.stringify(spec));
  return dir;
}

function start(id: string, dir: string): number {
  // The detached container inherits runc's stdio: give it a file, not a pipe we would wait on forever.
  const log = openSync(`${dir}.log`, "w");
  const r = spawnSync(RUNC, ["--root", state, "run", "--detach", "--bundle", dir, id], { stdio: ["ignore", log, log] });
  closeSync(log);
  if (r.status !== 0) throw new Error(`runc run ${id} failed (${r.status}): ${readFileSync(`${dir}.log`, "utf8")}`);
  return JSON.parse(runc("state", id)).pid;
}

beforeAll(async () => {
  requireRoot();
  layout = await detectCgroupLayout();
  mkdirSync(state);
  sandboxPid = start(
    sandboxId,
    bundle(sandboxId, ["sleep", "320"], [{ type: "pid" }, { type: "network" }, { type: "ipc" }, { type: "uts" }, { type: "mount" }]),
  );
  const join = (t: string, ns: string) => ({ type: t, path: `/proc/${sandboxPid}/ns/${ns}` });
  appPid = start(
    appId,
    bundle(
      appId,
      ["sh", "-c", "sleep 321 & sleep 322 & wait"],
      [{ type: "pid" }, join("network", "net"), join("ipc", "ipc"), join("uts", "uts"), { type: "mount" }],
      {
        memory: { limit: 48 * 1024 * 1024 },
        cpu: { shares: 128, quota: 30000, period: 100000 },
        pids: { limit: 20 },
      },
    ),
  );
  // `runc run --detach` returns once the process exists, maybe before it exec'd and forked: wait
  // for the shell and its two sleeps, so the tests see the pod as it settles.
  const procs = `${controllerDir(layout, treeHierarchy(layout).name === "cgroup2" ? "" : treeHierarchy(layout).name, `${podPath}/${appId}`)}/cgroup.procs`;
  await waitFor("the app's shell and its two sleeps", async () => {
    const pids = readFileSync(procs, "utf8").trim().split("\n").filter(Boolean);
    if (pids.length !== 3) return false;
    const comms = await Promise.all(pids.map((p) => comm(Number(p))));
    return comms.sort().join(",") === "sh,sleep,sleep";
  });
  await waitFor("the sandbox to exec sleep", async () => (await comm(sandboxPid)) === "sleep");
});

afterAll(() => {
  for (const id of [appId, sandboxId]) {
    spawnSync(RUNC, ["--root", state, "kill", id, "KILL"]);
    spawnSync(RUNC, ["--root", state, "delete", "--force", id]);
  }
  // runc removes the container cgroups, not the parents it created (kubelet removes those): remove
  // them in every hierarchy, deepest first.
  const mounts = [...Object.values(layout?.v1 ?? {}), ...(layout?.unified ? [layout.unified] : [])];
  for (const m of mounts) {
    const top = cgroupDir(m, base);
    if (!top) continue;
    const dirs: string[] = [];
    const walk = (d: string) => {
      try {
        for (const e of readdirSync(d, { withFileTypes: true })) if (e.isDirectory()) walk(`${d}/${e.name}`);
        dirs.push(d);
      } catch (e) {
        // runc may remove a container's cgroup while we walk: a vanished directory has nothing left to remove.
        if (!isErrno(e, "ENOENT")) throw e;
      }
    };
    walk(top);
    for (const d of dirs) rmdirSync(d);
  }
  rmSync(work, { recursive: true, force: true });
});

describe("a pod made by runc", () => {
  it("cgroup tree: sandbox and container mapped, limits written by runc read back", async () => {
    const t = await readPodCgroupTree(pod, { cgroupRoot: base });
    expect(t.path).toBe(podPath);
    expect(t.kind).toBe("pod");
    const sb = t.children.find((c) => c.kind === "sandbox")!;
    const app = t.children.find((c) => c.kind === "container")!;
    expect(sb.container).toBe("POD");
    expect(sb.processes).toEqual([{ pid: sandboxPid, command: "sleep 320" }]);
    expect(app.container).toBe("app");
    expect(app.processes.map((p) => p.command).sort()).toEqual(["sh -c sleep 321 & sleep 322 & wait", "sleep 321", "sleep 322"]);
    if (layout.version === "v2") {
      expect(app.memory!.limitBytes).toBe(48 * 1024 * 1024);
      expect(app.cpu).toMatchObject({ quotaMicros: 30000, periodMicros: 100000 });
    } else {
      expect(app.memory!.limitBytes).toBe(48 * 1024 * 1024);
      expect(app.cpu).toEqual({ shares: 128, quotaMicros: 30000, periodMicros: 100000 });
    }
    expect(app.pids).toEqual({ current: 3, max: 20 });
    const text = formatCgls(t, { shortIds: true });
    expect(text).toContain("pod default/runc-pod");
    expect(text).toContain(`${appId.slice(0, 13)} (#${app.id})  [app] · mem `);
    expect(text).toContain("cpu 128 shares quota 30ms/100ms · pids 3/20");
  });

  it("namespaces: the app shares net/ipc/uts with the sandbox, not pid or mnt", async () => {
    const { json } = await readPodNamespaces(pod, { cgroupRoot: base });
    expect(json.sandboxPid).toBe(sandboxPid);
    expect(json.processes[0]).toMatchObject({ container: "POD", pid: sandboxPid, command: "sleep 320" });
    const apps = json.processes.filter((p) => p.container === "app");
    expect(apps).toHaveLength(3);
    for (const p of apps) {
      expect(p.sharedWithSandbox).toMatchObject({ net: true, ipc: true, uts: true, pid: false, mnt: false });
    }
    // all app processes are in one pid namespace of their own
    expect(new Set(apps.map((p) => p.namespaces.pid)).size).toBe(1);
  });

  it("process tree: the app's shell with its two sleeps below it", async () => {
    const roots = await readPodProcessTree(pod, { cgroupRoot: base });
    const sh = roots.find((r) => r.pid === appPid)!;
    expect(sh).toMatchObject({ container: "app", command: "sh -c sleep 321 & sleep 322 & wait" });
    expect(sh.children.map((c) => [c.command, c.container])).toEqual([
      ["sleep 321", "app"],
      ["sleep 322", "app"],
    ]);
    expect(roots.find((r) => r.pid === sandboxPid)).toMatchObject({ container: "POD", children: [] });
  });
});

describe("the node inspector over that pod", () => {
  const inspector = () => createNodeInspector(async () => [pod], { cgroupRoot: base });

  it("answers cgroups, namespaces and processes by namespace/name", async () => {
    const all = await inspector().cgroups();
    expect(all.kind).toBe("kubepods");
    expect(all.children[0].children[0]).toMatchObject({ kind: "pod", pod: { name: "runc-pod" } });
    const one = await inspector().cgroups({ namespace: "default", name: "runc-pod" });
    expect(one.path).toBe(podPath);
    const ns = await inspector().namespaces({ namespace: "default", name: "runc-pod" });
    expect(ns.processes.map((p) => p.container)).toEqual(["POD", "app", "app", "app"]);
    const ps = await inspector().processes({ namespace: "default", name: "runc-pod" });
    expect(ps.processes.map((p) => p.pid).sort((a, b) => a - b)).toEqual([sandboxPid, appPid].sort((a, b) => a - b));
  });

  it("a pod it does not know is NotFound, worded as kubectl words it", async () => {
    const err = await inspector()
      .namespaces({ namespace: "default", name: "nope" })
      .catch((e) => e);
    expect(err).toBeInstanceOf(PodNotFoundError);
    expect(err.code).toBe("NotFound");
    expect(err.name).toBe("PodNotFoundError");
    expect(err.message).toBe('pods "nope" not found in namespace "default" on this node');
  });
});
