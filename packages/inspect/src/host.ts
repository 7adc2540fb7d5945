// The thin edge to the host: reading /proc and the cgroup mounts. Everything that interprets the
// text lives in pure modules (layout.ts, stats.ts, proc.ts) so it is tested with fixture strings.
import { isErrno } from "@podscope/core";
import { readFile, readlink } from "node:fs/promises";
import type { CgroupLayout, CgroupMount } from "./layout";
import { parseMountInfo } from "./layout";
import type { ProcStat } from "./proc";
import { displayCommand, isKernelThread, parseCmdline, parseProcStat } from "./proc";

export interface HostOptions {
  /**
   * Prefix for every host path (default ""): set it when the host's root is mounted elsewhere,
   * e.g. "/host" in an agent pod. /proc is then read at <fsRoot>/proc, the layout from
   * <fsRoot>/proc/1/mountinfo (the host's view), and cgroup mount points are looked up below fsRoot.
   */
  fsRoot?: string;
  /** Cgroup layout to use instead of detecting it (tests force a v2-only layout on the unified mount this way). */
  layout?: CgroupLayout;
}

export function procPath(opts: HostOptions, ...parts: (string | number)[]): string {
  return `${opts.fsRoot ?? ""}/proc/${parts.join("/")}`;
}

/** Reads a file, or undefined when it does not exist (a process exited, a controller is absent). */
export async function readOptional(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, "utf8");
  } catch (e: unknown) {
    if (isErrno(e, "ENOENT", "ESRCH", "ENODEV")) return undefined;
    throw e;
  }
}

export async function readLinkOptional(path: string): Promise<string | undefined> {
  try {
    return await readlink(path);
  } catch (e: unknown) {
    if (isErrno(e, "ENOENT", "ESRCH")) return undefined;
    throw e;
  }
}

/** The cgroup layout: the injected one, or the one mountinfo shows. */
export async function detectCgroupLayout(opts: HostOptions = {}): Promise<CgroupLayout> {
  if (opts.layout) return opts.layout;
  const file = opts.fsRoot ? procPath(opts, 1, "mountinfo") : "/proc/self/mountinfo";
  const layout = parseMountInfo(await readFile(file, "utf8"));
  if (!opts.fsRoot) return layout;
  const prefix = (m: CgroupMount): CgroupMount => ({ ...m, mountPoint: opts.fsRoot + m.mountPoint });
  return {
    version: layout.version,
    unified: layout.unified && prefix(layout.unified),
    v1: Object.fromEntries(Object.entries(layout.v1).map(([k, m]) => [k, prefix(m)])),
  };
}

export interface ProcessInfo extends ProcStat {
  command: string;
  kernelThread: boolean;
}

/** stat + cmdline of one process, or null when it is gone (processes exit while we read; that is not an error). */
export async function readProcessInfo(pid: number, opts: HostOptions = {}): Promise<ProcessInfo | null> {
  const [stat, cmdline] = await Promise.all([readOptional(procPath(opts, pid, "stat")), readOptional(procPath(opts, pid, "cmdline"))]);
  if (stat === undefined) return null;
  const s = parseProcStat(stat);
  return { ...s, command: displayCommand(parseCmdline(cmdline ?? ""), s.comm), kernelThread: isKernelThread(s) };
}

/** Just the display command of a process (one read unless it has no command line). */
export async function readCommand(pid: number, opts: HostOptions = {}): Promise<{ command: string; kernelThread: boolean } | null> {
  const cmdline = await readOptional(procPath(opts, pid, "cmdline"));
  if (cmdline === undefined) return null;
  const line = parseCmdline(cmdline);
  if (line !== "") return { command: line, kernelThread: false };
  // No argv: a kernel thread or a zombie. stat tells which, and gives the comm to show.
  const stat = await readOptional(procPath(opts, pid, "stat"));
  if (stat === undefined) return null;
  const s = parseProcStat(stat);
  return { command: displayCommand("", s.comm), kernelThread: isKernelThread(s) };
}
