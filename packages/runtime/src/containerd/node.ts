// Starts, finds and stops podscope's own containerd.
//
// containerd runs detached (own session, own log file, pidfile), so pods keep running when the
// podscope server stops; the next ensureContainerd() finds it by its socket and reuses it.
import { spawn } from "node:child_process";
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { CriClient } from "../cri/client";
import type { VersionResponse } from "../cri/types";
import { ensureLocalImageTarballs } from "../images/local-images";
import { importImage } from "../images/store";
import { renderCniConflist, renderContainerdConfig, validateBridgeName, validatePodSubnet } from "./config";
import { findProcesses, processAlive } from "./host";
import { registerNode } from "./ip-forward";
import { withFileLock } from "./lock";
import { resolveNodeOptions, type LocalNodeOptions, type LocalNodePaths, type ResolvedNodeOptions } from "./paths";
import { assertLocalNodeAvailable } from "./prerequisites";

/** A running podscope containerd, as ensureContainerd() found or started it. */
export interface ContainerdInstance {
  options: ResolvedNodeOptions;
  paths: LocalNodePaths;
  socket: string;
  /** containerd's pid (from our pidfile), if known. */
  pid: number | undefined;
  /** True when this call started containerd; false when a running one was reused. */
  started: boolean;
  /** Images imported by this call (the local images that were missing). */
  imported: string[];
  version: VersionResponse;
  /** A CRI client on the socket; close it when done. */
  cri: CriClient;
}

export interface EnsureOptions extends LocalNodeOptions {
  /** Import the local pause/busybox images when missing (default true). */
  importLocalImages?: boolean;
}

const inFlight = new Map<string, Promise<ContainerdInstance>>();

/** Reuses a healthy podscope containerd or starts one; waits until its CRI answers. */
export function ensureContainerd(options: EnsureOptions = {}): Promise<ContainerdInstance> {
  const o = resolveNodeOptions(options);
  // Concurrent callers in one process share one start.
  const key = o.paths.socket;
  let p = inFlight.get(key);
  if (!p) {
    p = ensure(o, options.importLocalImages ?? true).finally(() => inFlight.delete(key));
    inFlight.set(key, p);
  }
  return p;
}

async function ensure(o: ResolvedNodeOptions, importLocal: boolean): Promise<ContainerdInstance> {
  assertLocalNodeAvailable(o);
  validateBridgeName(o.bridge);
  validatePodSubnet(o.podSubnet);
  // Other processes may be ensuring (or taking down) the same node right now: one at a time.
  return withNodeLock(o, `starting containerd for ${o.paths.home}`, () => ensureLocked(o, importLocal));
}

/** Runs fn holding the node's lock (between processes). down() takes it too. */
export function withNodeLock<T>(o: ResolvedNodeOptions, what: string, fn: () => Promise<T>): Promise<T> {
  mkdirSync(o.paths.nodeDir, { recursive: true });
  const waitMs = o.startTimeoutMs + 60_000; // a start plus importing the local images
  return withFileLock(`${o.paths.nodeDir}/ensure.lock`, waitMs, what, fn);
}

/** ensureContainerd for a caller that already holds the node's lock (down). */
export async function ensureLocked(o: ResolvedNodeOptions, importLocal: boolean): Promise<ContainerdInstance> {
  assertLocalNodeAvailable(o);
  let started = false;
  let version = await probe(o.paths.socket);
  if (!version) {
    const pid = findOurContainerd(o);
    if (pid !== undefined) {
      // Ours but not answering (still starting, or wedged): give it a moment, then replace it.
      version = await waitForCri(o.paths.socket, pid, Math.min(o.startTimeoutMs, 5_000)).catch(() => undefined);
      if (!version) await terminate(pid, 5_000);
    }
  }
  if (!version) {
    const pid = start(o);
    version = await waitForCri(o.paths.socket, pid, o.startTimeoutMs).catch((err: Error) => {
      if (processAlive(pid)) process.kill(pid, "SIGKILL");
      throw new Error(`${err.message}\n--- last lines of ${o.paths.logFile} ---\n${tail(o.paths.logFile, 15)}`);
    });
    started = true;
  }
  const cri = new CriClient(o.paths.socket);
  const imported: string[] = [];
  try {
    if (importLocal) {
      for (const t of await ensureLocalImageTarballs({ cacheDir: o.cacheDir })) {
        if (!(await cri.imageStatus(t.name))) {
          imported.push(...(await importImage({ socket: o.paths.socket, ctrBinary: o.ctrBinary }, t.file)));
        }
      }
    }
  } catch (err) {
    cri.close();
    throw err;
  }
  return { options: o, paths: o.paths, socket: o.paths.socket, pid: findOurContainerd(o), started, imported, version, cri };
}

function start(o: ResolvedNodeOptions): number {
  const p = o.paths;
  for (const d of [p.nodeDir, p.root, p.state, p.runcRoot, p.cniConfDir, p.cniIpamDir, p.podLogsDir, p.registryConfigDir])
    mkdirSync(d, { recursive: true });
  writeFileSync(p.configFile, renderContainerdConfig(o));
  writeFileSync(`${p.cniConfDir}/10-podscope.conflist`, renderCniConflist(o));
  writeFileSync(p.networkRecord, `${JSON.stringify({ bridge: o.bridge, podSubnet: o.podSubnet })}\n`);
  // The bridge plugin turns on ip_forward: record it (machine-wide) so the last down restores it.
  registerNode(p);
  rmSync(p.socket, { force: true });
  rotateLog(p.logFile);
  const log = openSync(p.logFile, "a");
  try {
    const child = spawn(o.containerdBinary, ["--config", p.configFile], {
      detached: true, // setsid: no signal from our terminal or process group reaches it
      stdio: ["ignore", log, log],
      cwd: p.nodeDir,
      env: { ...process.env, PATH: `/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin` },
    });
    child.unref();
    if (child.pid === undefined) throw new Error(`could not start ${o.containerdBinary}`);
    writeFileSync(p.pidFile, `${child.pid}\n`);
    return child.pid;
  } finally {
    closeSync(log);
  }
}

/** The CRI version if the socket answers within a short deadline, else undefined. */
async function probe(socket: string): Promise<VersionResponse | undefined> {
  if (!existsSync(socket)) return undefined;
  const c = new CriClient(socket, { timeoutMs: 2_000 });
  try {
    return await c.version();
  } catch {
    return undefined;
  } finally {
    c.close();
  }
}

async function waitForCri(socket: string, pid: number, timeoutMs: number): Promise<VersionResponse> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!processAlive(pid)) throw new Error(`containerd (pid ${pid}) exited during start-up`);
    const v = await probe(socket);
    if (v) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`containerd (pid ${pid}) did not answer on ${socket} within ${timeoutMs} ms`);
}

export function readPid(pidFile: string): number | undefined {
  try {
    const pid = Number(readFileSync(pidFile, "utf8").trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** A pidfile can outlive its process and the pid be reused: check it is our containerd. */
function isOurContainerd(pid: number, o: ResolvedNodeOptions): boolean {
  if (!processAlive(pid)) return false;
  try {
    const argv = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
    return argv.includes(o.paths.configFile);
  } catch {
    return false;
  }
}

/** Our containerd's pid: from the pidfile, or (pidfile lost) by its command line. */
function findOurContainerd(o: ResolvedNodeOptions): number | undefined {
  const pid = readPid(o.paths.pidFile);
  if (pid !== undefined && isOurContainerd(pid, o)) return pid;
  return findProcesses(["--config", o.paths.configFile]).find((p) => isOurContainerd(p, o));
}

async function terminate(pid: number, graceMs: number): Promise<void> {
  try {
    process.kill(pid, "SIGTERM");
  } catch {
    return;
  }
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline && processAlive(pid)) await new Promise((r) => setTimeout(r, 50));
  if (processAlive(pid)) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // It exited after the grace period ended: nothing left to kill.
    }
    while (processAlive(pid)) await new Promise((r) => setTimeout(r, 20));
  }
}

export interface ContainerdStatus {
  running: boolean;
  pid: number | undefined;
  socket: string;
  version?: VersionResponse;
}

export async function containerdStatus(options: LocalNodeOptions = {}): Promise<ContainerdStatus> {
  const o = resolveNodeOptions(options);
  const version = await probe(o.paths.socket);
  return { running: !!version, pid: findOurContainerd(o), socket: o.paths.socket, version };
}

/**
 * Stops containerd only. Pods (shims and their processes) keep running and are found again by
 * the next ensureContainerd(). Returns whether a process was stopped.
 */
export async function stopContainerd(options: LocalNodeOptions = {}): Promise<boolean> {
  const o = resolveNodeOptions(options);
  const pid = findOurContainerd(o);
  let stopped = false;
  if (pid !== undefined) {
    await terminate(pid, 10_000);
    stopped = true;
  }
  rmSync(o.paths.pidFile, { force: true });
  return stopped;
}

// containerd logs every CRI call at info level: keep one previous log, start afresh past 20 MiB.
const MAX_LOG_BYTES = 20 * 1024 * 1024;

function rotateLog(file: string): void {
  try {
    if (statSync(file).size > MAX_LOG_BYTES) renameSync(file, `${file}.1`);
  } catch {
    // No log yet (first start): nothing to rotate.
  }
}

function tail(file: string, n: number): string {
  try {
    return readFileSync(file, "utf8").trimEnd().split("\n").slice(-n).join("\n");
  } catch {
    return "(no log)";
  }
}
