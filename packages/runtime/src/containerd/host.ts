// The host-side state the local node touches outside containerd: the ip_forward sysctl, the
// pod bridge, mounts under our state dir, and the kubepods cgroups in every hierarchy.
import { execFile } from "node:child_process";
import { readdirSync, readFileSync, rmdirSync, statSync, writeFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { errnoCode, isErrno } from "@podscope/core";

const run = promisify(execFile);

export const IP_FORWARD_SYSCTL = "/proc/sys/net/ipv4/ip_forward";

export function readIpForward(sysctl = IP_FORWARD_SYSCTL): string {
  return readFileSync(sysctl, "utf8").trim();
}

export function writeIpForward(value: string, sysctl = IP_FORWARD_SYSCTL): void {
  writeFileSync(sysctl, `${value}\n`);
}

export function linkExists(name: string): boolean {
  return existsSync(join("/sys/class/net", name));
}

export async function deleteLink(name: string): Promise<boolean> {
  if (!linkExists(name)) return false;
  await run("ip", ["link", "delete", name]);
  return true;
}

interface MountInfo {
  mountPoint: string;
  fsType: string;
}

// mountinfo escapes space, tab, newline and backslash as octal (\040 …).
const unescape = (s: string) => s.replace(/\\([0-7]{3})/g, (_, o) => String.fromCharCode(parseInt(o, 8)));

export function readMounts(): MountInfo[] {
  return readFileSync("/proc/self/mountinfo", "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => {
      const f = line.split(" ");
      const dash = f.indexOf("-");
      return { mountPoint: unescape(f[4]), fsType: f[dash + 1] };
    });
}

export function mountsUnder(dir: string): string[] {
  const prefix = dir.endsWith("/") ? dir : `${dir}/`;
  return readMounts()
    .map((m) => m.mountPoint)
    .filter((mp) => mp === dir || mp.startsWith(prefix));
}

/** Unmounts everything at or below dir, deepest first. Returns what was unmounted. */
export async function unmountUnder(dir: string): Promise<string[]> {
  const done: string[] = [];
  // A path can be mounted over more than once; loop until nothing is left (bounded).
  for (let round = 0; round < 5; round++) {
    const mps = [...new Set(mountsUnder(dir))].sort((a, b) => b.length - a.length);
    if (mps.length === 0) break;
    for (const mp of mps) {
      try {
        await run("umount", [mp]);
      } catch {
        // Still busy (a process holds it): detach it lazily so nothing stays visible.
        await run("umount", ["-l", mp]).catch(() => undefined);
      }
      done.push(mp);
    }
  }
  return done;
}

/** Mount points of every cgroup hierarchy: each v1 controller and the unified (v2) one. */
export function cgroupHierarchies(): string[] {
  return [
    ...new Set(
      readMounts()
        .filter((m) => m.fsType === "cgroup" || m.fsType === "cgroup2")
        .map((m) => m.mountPoint),
    ),
  ];
}

export interface CgroupCleanup {
  removed: string[];
  /** Cgroups that could not be removed (still have processes), as "<hierarchy>/<path>: reason". */
  busy: string[];
}

/**
 * Removes the cgroup subtree at `relPath` (e.g. "/kubepods") in every hierarchy, deepest first.
 * Only empty cgroups can be removed (rmdir), so cgroups still in use — ours with a leftover
 * process, or another podscope's — stay and are reported.
 */
export function removeCgroupTree(relPath: string): CgroupCleanup {
  const result: CgroupCleanup = { removed: [], busy: [] };
  for (const mount of cgroupHierarchies()) {
    const top = join(mount, relPath);
    if (!isDir(top)) continue;
    const dirs: string[] = [];
    const walk = (d: string) => {
      dirs.push(d);
      for (const e of safeReaddir(d)) if (e.isDirectory()) walk(join(d, e.name));
    };
    walk(top);
    dirs.sort((a, b) => b.split("/").length - a.split("/").length);
    for (const d of dirs) {
      try {
        rmdirSync(d);
        result.removed.push(d);
      } catch (err) {
        if (isErrno(err, "ENOENT")) continue;
        result.busy.push(`${d}: ${errnoCode(err) ?? String(err)}`);
      }
    }
  }
  return result;
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function safeReaddir(d: string) {
  try {
    return readdirSync(d, { withFileTypes: true });
  } catch {
    return [];
  }
}

export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    return isErrno(err, "EPERM");
  }
  // A zombie still answers kill(0); it is not running.
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return false;
  }
}

/** Pids whose command line contains every one of `needles` (e.g. shims of our socket). */
export function findProcesses(needles: string[]): number[] {
  const pids: number[] = [];
  for (const e of safeReaddir("/proc")) {
    if (!/^\d+$/.test(e.name)) continue;
    let cmd: string;
    try {
      cmd = readFileSync(`/proc/${e.name}/cmdline`, "utf8").split("\0").join(" ");
    } catch {
      continue;
    }
    if (needles.every((n) => cmd.includes(n))) pids.push(Number(e.name));
  }
  return pids;
}
