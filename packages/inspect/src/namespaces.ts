// Namespaces of processes: /proc/<pid>/ns/* links → inode numbers (pure parsing here, one thin
// reader), and the matrix of which namespaces each process shares with the pod's sandbox.
import { errnoCode, isErrno } from "@podscope/core";
import type { HostOptions } from "./host";
import { procPath, readLinkOptional } from "./host";
import type { HostNamespaces, NamespaceType, ProcessNamespaces } from "./types";
import { INITIAL_NAMESPACE_INODES, NAMESPACE_TYPES, SANDBOX_CONTAINER } from "./types";
import { printable } from "./text";

export class NamespaceError extends Error {
  override name = "NamespaceError";
}

export class ProcessNotFoundError extends Error {
  override name = "ProcessNotFoundError";
  constructor(readonly pid: number) {
    super(`process ${pid} not found (no /proc/${pid}: it exited or lives in another pid namespace)`);
  }
}

/** "net:[4026531840]" → 4026531840; the type in the link must be the one asked for. */
export function parseNamespaceLink(type: string, link: string): number {
  const m = /^([a-z_]+):\[(\d+)\]$/.exec(link.trim());
  if (!m) throw new NamespaceError(`namespace link for ${type} is not "<type>:[<inode>]": ${JSON.stringify(link)}`);
  if (m[1] !== type) throw new NamespaceError(`namespace link for ${type} names another type: ${JSON.stringify(link)}`);
  return Number(m[2]);
}

function checkPid(pid: number): void {
  if (!Number.isInteger(pid) || pid <= 0) throw new RangeError(`pid must be a positive integer, got ${JSON.stringify(pid)}`);
}

/** Inode numbers of every namespace of a process (time only on kernels that have time namespaces). */
export async function readProcessNamespaces(pid: number, opts: HostOptions = {}): Promise<ProcessNamespaces> {
  checkPid(pid);
  let links: (string | undefined)[];
  try {
    links = await Promise.all(NAMESPACE_TYPES.map((t) => readLinkOptional(procPath(opts, pid, "ns", t))));
  } catch (e: unknown) {
    if (isErrno(e, "EACCES", "EPERM")) {
      throw new NamespaceError(`reading the namespaces of process ${pid} needs root (or ptrace access to it): ${errnoCode(e)}`);
    }
    throw e;
  }
  const out: Partial<ProcessNamespaces> = {};
  NAMESPACE_TYPES.forEach((t, i) => {
    const l = links[i];
    if (l === undefined) {
      if (t === "time") return; // kernels before 5.6 have no time namespace
      throw new ProcessNotFoundError(pid);
    }
    out[t] = parseNamespaceLink(t, l);
  });
  return out as ProcessNamespaces;
}

/**
 * The host's namespaces: PID 1's. When its links cannot be read (EACCES: a non-dumpable init or a restricted
 * ptrace policy, even for root), the kernel's fixed inodes of the initial namespaces stand in for the types
 * that have one. null when there is no PID 1 to read (a test's fake /proc).
 */
export async function readHostNamespaces(opts: HostOptions = {}): Promise<HostNamespaces | null> {
  try {
    return { namespaces: await readProcessNamespaces(1, opts), from: "pid1" };
  } catch (e: unknown) {
    if (e instanceof ProcessNotFoundError) return null;
    if (e instanceof NamespaceError) return { namespaces: { ...INITIAL_NAMESPACE_INODES }, from: "initial" };
    throw e;
  }
}

export interface NamespaceEntry {
  /** Container name; SANDBOX_CONTAINER ("POD") marks the sandbox's pause process. */
  container: string;
  pid: number;
  command: string;
  namespaces: ProcessNamespaces;
}

export interface NamespaceRow extends NamespaceEntry {
  /** Per namespace type: same inode as the sandbox process. null when the entries have no sandbox process. */
  sharedWithSandbox: Record<NamespaceType, boolean> | null;
  /** Per namespace type: same inode as the host's (PID 1). null when the host's namespaces are not known. */
  sharedWithHost: Record<NamespaceType, boolean> | null;
}

export interface NamespaceMatrix {
  sandboxPid: number | null;
  /** The host's namespaces (PID 1's), to tell the host's from the sandbox's; null when not known. */
  host: HostNamespaces | null;
  /** Namespace types shown: the seven of the pod model, plus time when every process has it. */
  types: NamespaceType[];
  rows: NamespaceRow[];
}

/**
 * Which namespaces each process shares with the sandbox. The sandbox process is the one whose
 * container is "POD" (the lowest pid if several), or `opts.sandboxPid`. Rows come sandbox first,
 * then by container name and pid.
 */
export function namespaceMatrix(
  entries: NamespaceEntry[],
  opts: { sandboxPid?: number; host?: HostNamespaces | null } = {},
): NamespaceMatrix {
  if (!Array.isArray(entries)) throw new TypeError("namespaceMatrix expects an array of { container, pid, command, namespaces }");
  entries.forEach((e, i) => {
    if (!e || typeof e.container !== "string") throw new TypeError(`entry ${i}: container must be a string`);
    if (!Number.isInteger(e.pid) || e.pid <= 0) throw new TypeError(`entry ${i} (${e.container}): pid must be a positive integer`);
    for (const t of NAMESPACE_TYPES) {
      if (t === "time" && e.namespaces?.time === undefined) continue;
      if (!Number.isInteger(e.namespaces?.[t])) {
        throw new TypeError(`entry ${i} (${e.container}, pid ${e.pid}): namespaces.${t} must be an inode number`);
      }
    }
  });
  const pids = new Set<number>();
  for (const e of entries) {
    if (pids.has(e.pid)) throw new RangeError(`pid ${e.pid} appears twice`);
    pids.add(e.pid);
  }
  let sandbox: NamespaceEntry | undefined;
  if (opts.sandboxPid !== undefined) {
    sandbox = entries.find((e) => e.pid === opts.sandboxPid);
    if (!sandbox) throw new RangeError(`sandbox pid ${opts.sandboxPid} is not among the processes (${[...pids].join(", ")})`);
  } else {
    sandbox = entries.filter((e) => e.container === SANDBOX_CONTAINER).sort((a, b) => a.pid - b.pid)[0];
  }
  const types = NAMESPACE_TYPES.filter(
    (t) => t !== "time" || (entries.length > 0 && entries.every((e) => e.namespaces.time !== undefined)),
  );
  const host = opts.host ?? null;
  const same = (e: NamespaceEntry, other: Partial<ProcessNamespaces>) =>
    Object.fromEntries(NAMESPACE_TYPES.map((t) => [t, e.namespaces[t] !== undefined && e.namespaces[t] === other[t]])) as Record<
      NamespaceType,
      boolean
    >;
  const rows: NamespaceRow[] = entries.map((e) => ({
    ...e,
    sharedWithSandbox: sandbox ? same(e, sandbox.namespaces) : null,
    sharedWithHost: host ? same(e, host.namespaces) : null,
  }));
  rows.sort((a, b) => {
    if (sandbox && (a.pid === sandbox.pid) !== (b.pid === sandbox.pid)) return a.pid === sandbox.pid ? -1 : 1;
    return a.container === b.container ? a.pid - b.pid : a.container < b.container ? -1 : 1;
  });
  return { sandboxPid: sandbox?.pid ?? null, host, types, rows };
}

function table(header: string[], rows: string[][], rightAligned: Set<number>): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : rightAligned.has(i) ? c.padStart(widths[i]) : c.padEnd(widths[i])))
      .join(" ")
      .trimEnd();
  return [line(header), ...rows.map(line)].join("\n") + "\n";
}

/**
 * lsns-like listing: one line per namespace (sorted by inode, as lsns does) with how many of the
 * pod's processes are in it, the lowest such pid and its command, and which containers are in it
 * (where lsns has a USER column).
 */
export function formatLsns(matrix: NamespaceMatrix): string {
  const byNs = new Map<string, { inode: number; type: NamespaceType; rows: NamespaceRow[] }>();
  for (const r of matrix.rows) {
    for (const t of matrix.types) {
      const inode = r.namespaces[t]!;
      const key = `${t}:${inode}`;
      const g = byNs.get(key) ?? { inode, type: t, rows: [] };
      g.rows.push(r);
      byNs.set(key, g);
    }
  }
  const groups = [...byNs.values()].sort((a, b) => a.inode - b.inode || matrix.types.indexOf(a.type) - matrix.types.indexOf(b.type));
  const rows = groups.map((g) => {
    const first = [...g.rows].sort((a, b) => a.pid - b.pid)[0];
    const containers = [...new Set(g.rows.map((r) => r.container))].join(",");
    return [String(g.inode), g.type, String(g.rows.length), String(first.pid), containers, printable(first.command)];
  });
  return table(["NS", "TYPE", "NPROCS", "PID", "CONTAINERS", "COMMAND"], rows, new Set([0, 2, 3]));
}

/**
 * One row per process, one column per namespace type: "host" where the process is in the host's namespace
 * (when known); else the sandbox row shows inodes and the others "shared" or their own inode.
 */
export function formatNamespaceMatrix(matrix: NamespaceMatrix): string {
  const rows = matrix.rows.map((r) => [
    r.container,
    String(r.pid),
    ...matrix.types.map((t) =>
      r.sharedWithHost?.[t] ? "host" : r.pid !== matrix.sandboxPid && r.sharedWithSandbox?.[t] ? "shared" : String(r.namespaces[t]),
    ),
    printable(r.command),
  ]);
  return table(["CONTAINER", "PID", ...matrix.types.map((t) => t.toUpperCase()), "COMMAND"], rows, new Set([1]));
}

/** `podscope lsns -o json`: {pod, processes: [{container, pid, command, namespaces}]} plus namespace/uid and sharing. */
export interface LsnsJson {
  pod: string;
  namespace: string;
  uid: string;
  sandboxPid: number | null;
  /** The host's namespaces (PID 1's): a process in one of them is in the host's namespace, not the pod's. */
  hostNamespaces: HostNamespaces | null;
  processes: {
    container: string;
    pid: number;
    command: string;
    namespaces: ProcessNamespaces;
    sharedWithSandbox: Record<NamespaceType, boolean> | null;
    sharedWithHost: Record<NamespaceType, boolean> | null;
  }[];
}

export function lsnsJson(pod: { namespace: string; name: string; uid: string }, matrix: NamespaceMatrix): LsnsJson {
  return {
    pod: pod.name,
    namespace: pod.namespace,
    uid: pod.uid,
    sandboxPid: matrix.sandboxPid,
    hostNamespaces: matrix.host,
    processes: matrix.rows.map((r) => ({
      container: r.container,
      pid: r.pid,
      command: r.command,
      namespaces: r.namespaces,
      sharedWithSandbox: r.sharedWithSandbox,
      sharedWithHost: r.sharedWithHost,
    })),
  };
}
