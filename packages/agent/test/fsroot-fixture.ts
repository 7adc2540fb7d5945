// A hand-made host below a temporary directory, as the agent sees the real one below /host: /proc with the
// files inspect reads (stat, cmdline, cgroup, ns links, PID 1's mountinfo) and a cgroup v2 hierarchy at
// /sys/fs/cgroup with a kubepods tree. Namespace links are ordinary symlinks: readlink reads them alike.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { randomBytes, randomUUID } from "node:crypto";
import type { ProcessNamespaces } from "@podscope/inspect";

export const hexId = () => randomBytes(32).toString("hex");

export interface FakeProcess {
  pid: number;
  ppid: number;
  comm: string;
  cmdline: string[];
  /** cgroup v2 path ("0::<path>"). */
  cgroup: string;
  ns: ProcessNamespaces;
}

export const HOST_NS: ProcessNamespaces = {
  net: 4026531840,
  ipc: 4026531839,
  uts: 4026531838,
  pid: 4026531836,
  mnt: 4026531841,
  cgroup: 4026531835,
  user: 4026531837,
};

export class FsRoot {
  readonly root = mkdtempSync(join(tmpdir(), "podscope-agent-fsroot-"));

  constructor() {
    this.write(
      "proc/1/mountinfo",
      "30 23 0:26 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:4 - cgroup2 cgroup2 rw,nsdelegate\n",
    );
    this.process({ pid: 1, ppid: 0, comm: "systemd", cmdline: ["/sbin/init"], cgroup: "/init.scope", ns: HOST_NS });
    this.cgroup("/init.scope", [1]);
  }

  write(rel: string, text: string): void {
    const path = join(this.root, rel);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  }

  process(p: FakeProcess): void {
    const rest = ["S", p.ppid, p.pid, p.pid, 0, -1, 4194560, ...Array(12).fill(0), 100 + p.pid, ...Array(30).fill(0)];
    this.write(`proc/${p.pid}/stat`, `${p.pid} (${p.comm}) ${rest.join(" ")}\n`);
    this.write(`proc/${p.pid}/cmdline`, p.cmdline.map((a) => `${a}\0`).join(""));
    this.write(`proc/${p.pid}/cgroup`, `0::${p.cgroup}\n`);
    mkdirSync(join(this.root, `proc/${p.pid}/ns`), { recursive: true });
    for (const [type, ino] of Object.entries(p.ns)) symlinkSync(`${type}:[${ino}]`, join(this.root, `proc/${p.pid}/ns/${type}`));
  }

  cgroup(path: string, pids: number[], files: Record<string, string> = {}): void {
    this.write(`sys/fs/cgroup${path}/cgroup.procs`, pids.map((p) => `${p}\n`).join(""));
    for (const [name, text] of Object.entries(files)) this.write(`sys/fs/cgroup${path}/${name}`, text);
  }

  cleanup(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}

/** One BestEffort pod on the fake host: shim (pid base), pause (base+1) and one app container (base+2). */
export function addPod(fs: FsRoot, base: number, opts: { uid?: string; sandboxId?: string; containerId?: string } = {}) {
  const uid = opts.uid ?? randomUUID();
  const sandboxId = opts.sandboxId ?? hexId();
  const containerId = opts.containerId ?? hexId();
  const podCg = `/kubepods/besteffort/pod${uid}`;
  const podNs = { net: 4026532000 + base, ipc: 4026532001 + base, uts: 4026532002 + base };
  const shim = base,
    pause = base + 1,
    app = base + 2;
  fs.process({
    pid: shim,
    ppid: 1,
    comm: "containerd-shim",
    cmdline: ["/usr/bin/containerd-shim-runc-v2", "-id", sandboxId],
    cgroup: "/system.slice/containerd.service",
    ns: HOST_NS,
  });
  fs.process({
    pid: pause,
    ppid: shim,
    comm: "pause",
    cmdline: ["/pause"],
    cgroup: `${podCg}/${sandboxId}`,
    ns: { ...HOST_NS, ...podNs, pid: 4026532010 + base, mnt: 4026532011 + base },
  });
  fs.process({
    pid: app,
    ppid: shim,
    comm: "sleep",
    cmdline: ["sleep", "3600"],
    cgroup: `${podCg}/${containerId}`,
    ns: { ...HOST_NS, ...podNs, pid: 4026532020 + base, mnt: 4026532021 + base },
  });
  fs.cgroup("/kubepods", []);
  fs.cgroup("/kubepods/besteffort", []);
  fs.cgroup(podCg, [], { "memory.current": "4096\n", "memory.max": "max\n" });
  fs.cgroup(`${podCg}/${sandboxId}`, [pause], { "memory.current": "1024\n" });
  fs.cgroup(`${podCg}/${containerId}`, [app], { "memory.current": "3072\n", "memory.max": "67108864\n" });
  return { uid, sandboxId, containerId, podCg, pids: { shim, pause, app }, podNs };
}
