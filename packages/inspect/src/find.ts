// Locating cgroups and their processes on the host, whatever the layout (v1, v2, hybrid) and
// whatever the driver naming (cgroupfs or systemd).
import { isErrno } from "@podscope/core";
import { readdir, stat } from "node:fs/promises";
import type { HostOptions } from "./host";
import { detectCgroupLayout, procPath, readOptional } from "./host";
import { cgroupDir, normalizeCgroupPath, treeHierarchy } from "./layout";
import { podCgroupCandidates } from "./classify";
import { parseProcCgroup } from "./stats";
import { CgroupNotFoundError, readCgroupPids } from "./cgroup-tree";

export interface CgroupProcessesOptions extends HostOptions {
  /** Include processes of every cgroup below too (default: false for cgroupProcesses, true for processesInCgroups). */
  recursive?: boolean;
}

export interface CgroupMember {
  pid: number;
  /** The cgroup (in the tree hierarchy) the process is directly in. */
  cgroup: string;
}

async function collect(dir: string, path: string, recursive: boolean, out: CgroupMember[]): Promise<boolean> {
  const pids = await readCgroupPids(dir);
  if (pids === null) return false;
  for (const pid of pids) out.push({ pid, cgroup: path });
  if (!recursive) return true;
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (e: unknown) {
    if (isErrno(e, "ENOENT")) return true;
    throw e;
  }
  await Promise.all(
    entries
      .filter((e) => e.isDirectory())
      .map((e) => collect(`${dir}/${e.name}`, path === "/" ? `/${e.name}` : `${path}/${e.name}`, true, out)),
  );
  return true;
}

/** Processes of the cgroup `path` (and, with `recursive`, of its descendants), sorted by pid. Throws CgroupNotFoundError. */
export async function cgroupProcesses(path: string, opts: CgroupProcessesOptions = {}): Promise<CgroupMember[]> {
  return processesInCgroups([path], { ...opts, recursive: opts.recursive ?? false });
}

/** Processes of several cgroups, descendants included unless `recursive: false`. A pid appears once. */
export async function processesInCgroups(paths: string[], opts: CgroupProcessesOptions = {}): Promise<CgroupMember[]> {
  const layout = await detectCgroupLayout(opts);
  const tree = treeHierarchy(layout);
  const out: CgroupMember[] = [];
  const recursive = opts.recursive ?? true;
  for (const p of paths) {
    const path = normalizeCgroupPath(p);
    const dir = cgroupDir(tree.mount, path);
    if (!dir || !(await collect(dir, path, recursive, out))) {
      throw new CgroupNotFoundError(
        `cgroup ${path} not found in the ${tree.name} hierarchy${dir ? ` (no ${dir}/cgroup.procs)` : ""}`,
        path,
      );
    }
  }
  const seen = new Set<number>();
  return out.filter((m) => (seen.has(m.pid) ? false : (seen.add(m.pid), true))).sort((a, b) => a.pid - b.pid);
}

/** The cgroup of a process in the hierarchy the tree is read from (v2: the unified one). */
export async function processCgroup(pid: number, opts: HostOptions = {}): Promise<string> {
  if (!Number.isInteger(pid) || pid <= 0) throw new RangeError(`pid must be a positive integer, got ${JSON.stringify(pid)}`);
  const raw = await readOptional(procPath(opts, pid, "cgroup"));
  if (raw === undefined) throw new Error(`process ${pid} not found (no /proc/${pid}/cgroup)`);
  const layout = await detectCgroupLayout(opts);
  const byController = parseProcCgroup(raw);
  const name = treeHierarchy(layout).name;
  const path = byController[name === "cgroup2" ? "" : name];
  if (path === undefined) throw new Error(`process ${pid} has no cgroup in the ${name} hierarchy`);
  return path;
}

export interface PodCgroup {
  path: string;
  driver: "cgroupfs" | "systemd";
  qos: "Guaranteed" | "Burstable" | "BestEffort";
}

/**
 * Where a pod's cgroup is: tries every QoS class under both driver namings and returns the ones
 * that exist (normally exactly one). `cgroupRoot` is kubelet's --cgroup-root for cgroupfs naming.
 */
export async function findPodCgroups(uid: string, opts: HostOptions & { cgroupRoot?: string } = {}): Promise<PodCgroup[]> {
  const candidates = podCgroupCandidates(uid, opts.cgroupRoot ?? "/");
  const tree = treeHierarchy(await detectCgroupLayout(opts));
  const found = await Promise.all(
    candidates.map(async (c) => {
      const dir = cgroupDir(tree.mount, c.path);
      return dir && (await isDirectory(dir)) ? c : null;
    }),
  );
  return found.filter((c): c is PodCgroup => c !== null);
}

/** The kubepods cgroup(s) of the node: "/kubepods" (cgroupfs driver) and/or "/kubepods.slice" (systemd driver) that exist. */
export async function findKubepodsCgroups(
  opts: HostOptions & { cgroupRoot?: string } = {},
): Promise<{ path: string; driver: "cgroupfs" | "systemd" }[]> {
  const base = normalizeCgroupPath(opts.cgroupRoot ?? "/").replace(/\/$/, "");
  const tree = treeHierarchy(await detectCgroupLayout(opts));
  const candidates = [
    { path: `${base}/kubepods`, driver: "cgroupfs" as const },
    { path: `${base}/kubepods.slice`, driver: "systemd" as const },
  ];
  const found = await Promise.all(
    candidates.map(async (c) => {
      const dir = cgroupDir(tree.mount, c.path);
      return dir && (await isDirectory(dir)) ? c : null;
    }),
  );
  return found.filter((c): c is { path: string; driver: "cgroupfs" | "systemd" } => c !== null);
}

async function isDirectory(dir: string): Promise<boolean> {
  try {
    return (await stat(dir)).isDirectory();
  } catch (e: unknown) {
    if (isErrno(e, "ENOENT")) return false;
    throw e;
  }
}
