// Reads a cgroup subtree from the host: directories of the tree hierarchy (see treeHierarchy for
// which one and why), processes from its cgroup.procs, and memory/cpu/pids figures from wherever
// the layout keeps those controllers.
import { isErrno } from "@podscope/core";
import { opendir, stat } from "node:fs/promises";
import type { HostOptions } from "./host";
import { detectCgroupLayout, readCommand, readOptional } from "./host";
import type { CgroupLayout } from "./layout";
import { cgroupDir, controllerDir, normalizeCgroupPath, treeHierarchy } from "./layout";
import type { PodIndex } from "./classify";
import { classifyCgroupPath, indexPodMap } from "./classify";
import type { CgroupStats, StatFiles } from "./stats";
import { parseCgroupProcs, parseV1Stats, parseV2Stats, V1_STAT_FILES, V2_STAT_FILES } from "./stats";
import type { CgroupNode, CgroupProcess, PodMapEntry } from "./types";

export interface CgroupTreeOptions extends HostOptions {
  /** cgroup path of the subtree, e.g. "/kubepods" or "/kubepods/besteffort/pod<uid>" (default "/"). */
  root?: string;
  podMap?: PodMapEntry[];
  /** Read memory/cpu/pids figures (default true). */
  stats?: boolean;
}

export class CgroupNotFoundError extends Error {
  override name = "CgroupNotFoundError";
  constructor(
    message: string,
    readonly path: string,
  ) {
    super(message);
  }
}

function joinPath(parent: string, name: string): string {
  return parent === "/" ? `/${name}` : `${parent}/${name}`;
}

async function readFiles(dir: string | null, names: readonly string[], into: StatFiles): Promise<void> {
  if (!dir) return;
  const values = await Promise.all(names.map((n) => readOptional(`${dir}/${n}`)));
  names.forEach((n, i) => (into[n] = values[i]));
}

export async function readCgroupStats(layout: CgroupLayout, path: string): Promise<CgroupStats> {
  const files: StatFiles = {};
  if (layout.version === "v2") {
    await readFiles(cgroupDir(layout.unified!, path), V2_STAT_FILES, files);
    return parseV2Stats(files);
  }
  await Promise.all(
    (Object.keys(V1_STAT_FILES) as (keyof typeof V1_STAT_FILES)[]).map((c) =>
      readFiles(controllerDir(layout, c, path), V1_STAT_FILES[c], files),
    ),
  );
  return parseV1Stats(files);
}

/**
 * Pids in a cgroup directory's cgroup.procs; null when the cgroup is gone. In a v2 threaded
 * subtree the threaded cgroups refuse to list processes (EOPNOTSUPP) — their processes are listed
 * by the threaded domain above — so they count as having none, as systemd-cgls shows them.
 */
export async function readCgroupPids(dir: string): Promise<number[] | null> {
  let raw: string | undefined;
  try {
    raw = await readOptional(`${dir}/cgroup.procs`);
  } catch (e: unknown) {
    if (isErrno(e, "EOPNOTSUPP", "ENOTSUP")) return []; // same errno (95); Node names it ENOTSUP
    throw e;
  }
  return raw === undefined ? null : parseCgroupProcs(raw);
}

/** Processes listed in a cgroup.procs file with their command lines; processes that exit meanwhile are dropped. */
export async function readCgroupProcesses(dir: string, opts: HostOptions): Promise<CgroupProcess[] | null> {
  const pids = await readCgroupPids(dir);
  if (pids === null) return null;
  const procs = await Promise.all(
    pids.map(async (pid): Promise<CgroupProcess | null> => {
      const c = await readCommand(pid, opts);
      if (!c) return null;
      return c.kernelThread ? { pid, command: c.command, kernelThread: true } : { pid, command: c.command };
    }),
  );
  return procs.filter((p): p is CgroupProcess => p !== null);
}

interface Ctx {
  opts: CgroupTreeOptions;
  layout: CgroupLayout;
  index: PodIndex;
}

// Child directory names in the kernel's order. fs.readdir would sort them (libuv scandir);
// opendir/readdir does not, and systemd-cgls prints children in this order.
async function subdirectories(dir: string): Promise<string[]> {
  const out: string[] = [];
  for await (const e of await opendir(dir)) if (e.isDirectory()) out.push(e.name);
  return out;
}

async function readNode(ctx: Ctx, path: string, dir: string): Promise<CgroupNode | null> {
  let entries: string[];
  let ino: number;
  try {
    [entries, ino] = await Promise.all([subdirectories(dir), stat(dir).then((s) => s.ino)]);
  } catch (e: unknown) {
    if (isErrno(e, "ENOENT")) return null; // removed while we walked (a container stopped)
    throw e;
  }
  const processes = await readCgroupProcesses(dir, ctx.opts);
  if (processes === null) return null;
  const cls = classifyCgroupPath(path, ctx.index);
  const node: CgroupNode = {
    path,
    name: path === "/" ? "/" : path.slice(path.lastIndexOf("/") + 1),
    kind: cls.kind,
    ...(cls.pod && { pod: cls.pod }),
    ...(cls.podUid && { podUid: cls.podUid }),
    ...(cls.container && { container: cls.container }),
    ...(cls.containerId && { containerId: cls.containerId }),
    id: ino,
    processes,
    children: [],
  };
  if (ctx.opts.stats !== false) Object.assign(node, await readCgroupStats(ctx.layout, path));
  // Keep the kernel's directory order: it is the order systemd-cgls prints children in.
  const kids = await Promise.all(entries.map((name) => readNode(ctx, joinPath(path, name), `${dir}/${name}`)));
  node.children = kids.filter((k): k is CgroupNode => k !== null);
  return node;
}

/** Reads the cgroup subtree at `opts.root`, annotated with pods and containers from `opts.podMap`. */
export async function readCgroupTree(opts: CgroupTreeOptions = {}): Promise<CgroupNode> {
  const layout = await detectCgroupLayout(opts);
  const index = indexPodMap(opts.podMap);
  const root = normalizeCgroupPath(opts.root ?? "/");
  const tree = treeHierarchy(layout);
  const dir = cgroupDir(tree.mount, root);
  if (!dir) {
    throw new CgroupNotFoundError(
      `cgroup ${root} is outside the part of the ${tree.name} hierarchy mounted at ${tree.mount.mountPoint} (which shows ${tree.mount.root})`,
      root,
    );
  }
  const node = await readNode({ opts, layout, index }, root, dir);
  if (!node) throw new CgroupNotFoundError(`cgroup ${root} not found in the ${tree.name} hierarchy (no directory ${dir})`, root);
  node.hierarchy = tree.name;
  return node;
}
