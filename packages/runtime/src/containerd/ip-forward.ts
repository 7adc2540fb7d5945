// net.ipv4.ip_forward is one value for the whole machine, but several podscope nodes can run
// at once (the user's, a test run's): each one's bridge plugin turns forwarding on. So the value
// from before the FIRST of them started is recorded machine-wide, every running node registers
// itself, and only the last one to go down writes the value back.
//
// The records live in /run/podscope (tmpfs: gone at reboot, as is the sysctl's changed value).
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { IP_FORWARD_SYSCTL, processAlive, readIpForward, writeIpForward } from "./host";
import type { LocalNodePaths } from "./paths";

export function podscopeRunDir(): string {
  return process.env.PODSCOPE_RUN_DIR ?? "/run/podscope";
}

interface Registration {
  home: string;
  configFile: string;
  pidFile: string;
}

// A node that registered but has not written its pidfile yet is starting, not stale.
const STARTING_GRACE_MS = 60_000;

function registrationFile(runDir: string, home: string): string {
  return join(runDir, "nodes", createHash("sha256").update(home).digest("hex").slice(0, 16));
}

/** Before starting containerd: record ip_forward if no podscope node runs, and register this one. */
export function registerNode(paths: LocalNodePaths, runDir = podscopeRunDir(), sysctl = IP_FORWARD_SYSCTL): void {
  mkdirSync(join(runDir, "nodes"), { recursive: true });
  // Only the first node records: later ones would see the value an earlier one's bridge set.
  // A record left by a node that died without `down` still holds the original value: keep it.
  const record = join(runDir, "ip_forward.before");
  if (!existsSync(record)) writeFileSync(record, `${readIpForward(sysctl)}\n`);
  const reg: Registration = { home: paths.home, configFile: paths.configFile, pidFile: paths.pidFile };
  writeFileSync(registrationFile(runDir, paths.home), `${JSON.stringify(reg)}\n`);
}

/** Homes of other registered nodes whose containerd runs (or that are still starting). Stale ones are removed. */
export function liveRegistrations(runDir: string, exceptHome: string): string[] {
  const dir = join(runDir, "nodes");
  const live: string[] = [];
  let names: string[] = [];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  for (const name of names) {
    const file = join(dir, name);
    let reg: Registration;
    try {
      reg = JSON.parse(readFileSync(file, "utf8"));
    } catch {
      rmSync(file, { force: true });
      continue;
    }
    if (reg.home === exceptHome) continue;
    if (nodeAlive(reg) || Date.now() - statSync(file).mtimeMs < STARTING_GRACE_MS) live.push(reg.home);
    else rmSync(file, { force: true });
  }
  return live;
}

function nodeAlive(reg: Registration): boolean {
  try {
    const pid = Number(readFileSync(reg.pidFile, "utf8").trim());
    if (!(pid > 0) || !processAlive(pid)) return false;
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").includes(reg.configFile);
  } catch {
    return false;
  }
}

export interface IpForwardRelease {
  /** The value written back, when this was the last running node. */
  restored: string | undefined;
  /** Other nodes still running, for which forwarding stays as it is. */
  keptFor: string[];
}

/** After this node is down: unregister it, and restore ip_forward if no other node runs. */
export function releaseNode(paths: LocalNodePaths, runDir = podscopeRunDir(), sysctl = IP_FORWARD_SYSCTL): IpForwardRelease {
  rmSync(registrationFile(runDir, paths.home), { force: true });
  const keptFor = liveRegistrations(runDir, paths.home);
  if (keptFor.length > 0) return { restored: undefined, keptFor };
  const record = join(runDir, "ip_forward.before");
  if (!existsSync(record)) return { restored: undefined, keptFor };
  const value = readFileSync(record, "utf8").trim();
  if (value !== "0" && value !== "1") throw new Error(`unexpected recorded value ${JSON.stringify(value)} in ${record}`);
  writeIpForward(value, sysctl);
  rmSync(record);
  // The last node leaves no trace: drop the (now empty) directories too.
  for (const d of [join(runDir, "nodes"), runDir]) {
    try {
      rmdirSync(d);
    } catch {
      // Another node's record is still there (not empty) or the directory is gone: keep going.
    }
  }
  return { restored: value, keptFor };
}
