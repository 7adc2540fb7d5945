// Where the cgroup hierarchies are mounted, read from mountinfo text (pure; see host.ts for the
// thin edge that reads /proc/self/mountinfo). Nothing here assumes /sys/fs/cgroup: a node may be
// pure v1, pure v2, or hybrid (v1 controllers plus a cgroup2 mount used only for tracking), and a
// containerised agent may see the hierarchies mounted with a non-"/" root.

/** One mount of a hierarchy: where it is, and which cgroup path its mount point shows. */
export interface CgroupMount {
  mountPoint: string;
  /** The cgroup path that appears at mountPoint ("/" normally; deeper inside a container or bind mount). */
  root: string;
}

export interface CgroupLayout {
  /** "v2": only cgroup2 mounted; "hybrid": v1 controllers plus a cgroup2 mount; "v1": v1 only. */
  version: "v1" | "v2" | "hybrid";
  /** v1 hierarchies by controller ("memory", "cpu", "pids", …) and by name ("name=systemd"). */
  v1: Record<string, CgroupMount>;
  unified: CgroupMount | null;
}

// Superblock options of a v1 cgroup mount mix controllers with mount flags; only these are controllers.
const V1_CONTROLLERS = new Set([
  "cpu",
  "cpuacct",
  "cpuset",
  "memory",
  "devices",
  "freezer",
  "net_cls",
  "net_prio",
  "blkio",
  "perf_event",
  "hugetlb",
  "pids",
  "rdma",
  "misc",
  "debug",
]);

// mountinfo escapes space, tab, newline and backslash in paths as octal (\040 …).
function unescapeMountPath(s: string): string {
  return s.replace(/\\([0-7]{3})/g, (_, oct: string) => String.fromCharCode(parseInt(oct, 8)));
}

export class MountInfoError extends Error {
  override name = "MountInfoError";
}

/** Parses /proc/<pid>/mountinfo text into the cgroup layout. Throws MountInfoError when no cgroup fs is mounted. */
export function parseMountInfo(text: string): CgroupLayout {
  const v1: Record<string, CgroupMount> = {};
  let unified: CgroupMount | null = null;
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (!line) continue;
    const sep = line.indexOf(" - ");
    if (sep < 0) throw new MountInfoError(`mountinfo line ${i + 1} has no " - " separator: ${JSON.stringify(line)}`);
    const pre = line.slice(0, sep).split(" ");
    const post = line.slice(sep + 3).split(" ");
    if (pre.length < 6 || post.length < 3) {
      throw new MountInfoError(`mountinfo line ${i + 1} has too few fields: ${JSON.stringify(line)}`);
    }
    const mount: CgroupMount = { root: unescapeMountPath(pre[3]), mountPoint: unescapeMountPath(pre[4]) };
    const [fsType, , superOpts] = post;
    if (fsType === "cgroup2") {
      // Several mounts of the same hierarchy may exist (bind mounts); prefer one that shows the whole tree.
      if (!unified || (unified.root !== "/" && mount.root === "/")) unified = mount;
    } else if (fsType === "cgroup") {
      for (const opt of superOpts.split(",")) {
        if (V1_CONTROLLERS.has(opt) || opt.startsWith("name=")) {
          const prev = v1[opt];
          if (!prev || (prev.root !== "/" && mount.root === "/")) v1[opt] = mount;
        }
      }
    }
  }
  const hasV1 = Object.keys(v1).length > 0;
  if (!hasV1 && !unified) throw new MountInfoError("no cgroup or cgroup2 file system is mounted (mountinfo lists none)");
  return { version: hasV1 ? (unified ? "hybrid" : "v1") : "v2", v1, unified };
}

/** A pure cgroup v2 layout at `mountPoint` (e.g. "/sys/fs/cgroup"), for callers and tests that want to force it. */
export function v2Layout(mountPoint: string): CgroupLayout {
  return { version: "v2", v1: {}, unified: { mountPoint, root: "/" } };
}

/**
 * The hierarchy whose directories define the tree we show, and whose cgroup.procs lists the processes.
 *
 * v2: the unified hierarchy, there is no other. v1/hybrid: the memory hierarchy. Container runtimes
 * (runc's cgroupfs manager) create every pod/container cgroup in every mounted v1 hierarchy, so any
 * of them would show the same kubepods tree; memory is the one kubelet cannot run without (it enforces
 * limits and eviction through it), it is the one `systemd-cgls memory:/…` shows, and it exists on
 * hosts without systemd, whereas name=systemd is only present where systemd (or a compat mount) put it.
 * name=systemd and then pids are fallbacks for hosts without a memory hierarchy.
 */
export function treeHierarchy(layout: CgroupLayout): { name: string; mount: CgroupMount } {
  if (layout.version === "v2") return { name: "cgroup2", mount: layout.unified! };
  for (const name of ["memory", "name=systemd", "pids"]) {
    if (layout.v1[name]) return { name, mount: layout.v1[name] };
  }
  const [name] = Object.keys(layout.v1).sort();
  if (name) return { name, mount: layout.v1[name] };
  return { name: "cgroup2", mount: layout.unified! };
}

/** Normalises a cgroup path: "/" rooted, no trailing or doubled slashes. Rejects "..". */
export function normalizeCgroupPath(path: string): string {
  if (typeof path !== "string") throw new TypeError(`cgroup path must be a string, got ${typeof path}`);
  const parts = path.split("/").filter((p) => p !== "" && p !== ".");
  if (parts.includes("..")) throw new RangeError(`cgroup path must not contain "..": ${JSON.stringify(path)}`);
  return "/" + parts.join("/");
}

/** Directory of cgroup `path` in a mount, or null when the mount does not show that part of the tree. */
export function cgroupDir(mount: CgroupMount, path: string): string | null {
  const p = normalizeCgroupPath(path);
  const root = normalizeCgroupPath(mount.root);
  let rel: string;
  if (root === "/") rel = p;
  else if (p === root) rel = "/";
  else if (p.startsWith(root + "/")) rel = p.slice(root.length);
  else return null;
  const base = mount.mountPoint.replace(/\/+$/, "");
  return rel === "/" ? base || "/" : base + rel;
}

/** Directory of `path` in the hierarchy of a v1 controller, or in the unified hierarchy for v2. */
export function controllerDir(layout: CgroupLayout, controller: string, path: string): string | null {
  if (layout.version === "v2") return cgroupDir(layout.unified!, path);
  const m = layout.v1[controller];
  return m ? cgroupDir(m, path) : null;
}
