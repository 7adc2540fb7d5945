// Real namespaces: a "sandbox" process in new net/uts/ipc namespaces (what pause holds), a
// "container" process that joins those and has its own mount namespace (what runc does for an app
// container), and a plain host process. Cross-checked against util-linux lsns.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import {
  controllerDir,
  detectCgroupLayout,
  formatLsns,
  formatNamespaceMatrix,
  namespaceMatrix,
  ProcessNotFoundError,
  readPodNamespaces,
  readProcessNamespaces,
  NamespaceError,
  INITIAL_NAMESPACE_INODES,
  type ProcessNamespaces,
} from "../src/index";
import { containerId, podUid, randomId, requireRoot, Scratch } from "./helpers";

const scratch = new Scratch();
let sandbox: number;
let app: number;
let plain: number;
const ns: Record<string, ProcessNamespaces> = {};

beforeAll(async () => {
  requireRoot();
  sandbox = (await scratch.start("unshare", ["--net", "--uts", "--ipc", "sleep", "303"])).pid;
  app = (
    await scratch.start("nsenter", ["--target", String(sandbox), "--net", "--uts", "--ipc", "--", "unshare", "--mount", "sleep", "304"])
  ).pid;
  plain = (await scratch.start("sleep", ["305"])).pid;
  ns.sandbox = await readProcessNamespaces(sandbox);
  ns.app = await readProcessNamespaces(app);
  ns.plain = await readProcessNamespaces(plain);
});

afterAll(() => scratch.cleanup());

describe("namespaces of real processes", () => {
  it("agree with lsns", () => {
    for (const [pid, got] of [
      [sandbox, ns.sandbox],
      [app, ns.app],
    ] as const) {
      const out = JSON.parse(execFileSync("lsns", ["--json", "-p", String(pid), "-o", "NS,TYPE"], { encoding: "utf8" }));
      const fromLsns = Object.fromEntries(out.namespaces.map((n: { ns: number | string; type: string }) => [n.type, Number(n.ns)]));
      for (const t of ["net", "ipc", "uts", "pid", "mnt", "cgroup", "user"] as const) expect(got[t], `${t} of ${pid}`).toBe(fromLsns[t]);
    }
  });

  it("the unshared process has its own net/uts/ipc; the joined one shares them and has its own mnt", () => {
    const m = namespaceMatrix([
      { container: "POD", pid: sandbox, command: "sleep 303", namespaces: ns.sandbox },
      { container: "app", pid: app, command: "sleep 304", namespaces: ns.app },
      { container: "host", pid: plain, command: "sleep 305", namespaces: ns.plain },
    ]);
    const row = (pid: number) => m.rows.find((r) => r.pid === pid)!.sharedWithSandbox!;
    expect(row(app)).toMatchObject({ net: true, ipc: true, uts: true, mnt: false, pid: true, user: true, cgroup: true });
    expect(row(plain)).toMatchObject({ net: false, ipc: false, uts: false, mnt: true, pid: true, user: true, cgroup: true });
    expect(ns.sandbox.net).not.toBe(ns.plain.net);
    expect(formatNamespaceMatrix(m)).toMatch(new RegExp(`^app\\s+${app} shared\\s+shared\\s+shared\\s+shared\\s+${ns.app.mnt} `, "m"));
    expect(formatLsns(m)).toMatch(new RegExp(`^${ns.sandbox.net} net\\s+2 ${sandbox} POD,app\\s+sleep 303$`, "m"));
  });

  it("a pid that does not exist is a clear error", async () => {
    await expect(readProcessNamespaces(2 ** 22 + 7)).rejects.toThrow(ProcessNotFoundError);
    await expect(readProcessNamespaces(2 ** 22 + 7)).rejects.toThrow(`process ${2 ** 22 + 7} not found`);
    await expect(readProcessNamespaces(0)).rejects.toThrow("pid must be a positive integer, got 0");
  });

  it("without root: a readable error, not a bare EACCES", () => {
    const tsx = createRequire(import.meta.url).resolve("tsx/cli");
    const child = fileURLToPath(new URL("./fixtures/namespaces-unprivileged.ts", import.meta.url));
    const out = execFileSync(
      "setpriv",
      ["--reuid=65534", "--regid=65534", "--clear-groups", process.execPath, tsx, child, String(sandbox)],
      {
        encoding: "utf8",
        env: { ...process.env, HOME: "/tmp" },
      },
    );
    expect(out).toBe(`NamespaceError: reading the namespaces of process ${sandbox} needs root (or ptrace access to it): EACCES`);
  });

  it("a whole pod: processes found through its cgroups, labelled by container", async () => {
    const layout = await detectCgroupLayout();
    const base = `/podscope-inspect-test-${randomId()}`;
    const uid = podUid();
    const sb = containerId();
    const c = containerId();
    const podPath = `${base}/kubepods/pod${uid}`;
    const tree = layout.version === "v2" ? "" : layout.v1.memory ? "memory" : "name=systemd";
    const d = (p: string) => controllerDir(layout, tree, p)!;
    await scratch.mkdirs(d(`${podPath}/${sb}`));
    await scratch.mkdirs(d(`${podPath}/${c}`));
    await writeFile(`${d(`${podPath}/${sb}`)}/cgroup.procs`, String(sandbox));
    await writeFile(`${d(`${podPath}/${c}`)}/cgroup.procs`, String(app));
    const pod = { uid, namespace: "default", name: "two", sandboxId: sb, containers: [{ id: c, name: "app" }] };
    const { json, matrix } = await readPodNamespaces(pod, { cgroupRoot: base });
    expect(matrix.sandboxPid).toBe(sandbox);
    expect(json.pod).toBe("two");
    expect(json.processes.map((p) => [p.container, p.pid, p.command])).toEqual([
      ["POD", sandbox, "sleep 303"],
      ["app", app, "sleep 304"],
    ]);
    expect(json.processes[1].namespaces.net).toBe(ns.sandbox.net);
    expect(json.processes[1].sharedWithSandbox).toMatchObject({ net: true, ipc: true, uts: true, mnt: false });
    // The host's namespaces are PID 1's real inodes (or, where PID 1's links are not readable even for root, the
    // kernel's initial-namespace inodes); the test processes stay in the host's user namespace.
    const pid1 = await readProcessNamespaces(1).catch((e) => (e instanceof NamespaceError ? null : Promise.reject(e)));
    expect(json.hostNamespaces).toEqual(
      pid1 ? { namespaces: pid1, from: "pid1" } : { namespaces: INITIAL_NAMESPACE_INODES, from: "initial" },
    );
    expect(json.hostNamespaces!.namespaces.user).toBe(json.processes[0].namespaces.user);
    expect(json.hostNamespaces!.namespaces.ipc).not.toBe(ns.sandbox.ipc);
    expect(matrix.rows[0].sharedWithHost).toMatchObject({ user: true, net: false, ipc: false, uts: false });
  });
});
