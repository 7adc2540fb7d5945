// The pid files `podscope up` leaves in $PODSCOPE_HOME, one per API port: how `down` finds a server
// that outlived its wrapper (`pnpm podscope up` killed, its node child still serving), and how a
// second `up` names the podscope that already holds a port.
import { readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { podscopeHome, processAlive } from "@podscope/runtime";

export interface UpRecord {
  pid: number;
  /** The process's command line as /proc/<pid>/cmdline had it: a pid reused by another program will not match. */
  cmdline: string[];
  home: string;
  bind: string;
  port: number;
  webPort?: number;
  startedAt: string;
}

const PID_FILE = /^up-(\d+)\.pid$/;

export function pidFilePath(home: string, port: number): string {
  return join(home, `up-${port}.pid`);
}

export function cmdlineOf(pid: number | "self"): string[] | undefined {
  try {
    const raw = readFileSync(`/proc/${pid}/cmdline`, "utf8");
    return raw.split("\0").slice(0, raw.endsWith("\0") ? -1 : undefined);
  } catch {
    return undefined;
  }
}

/** Records this process as the podscope serving `port`; returns the function that removes the record. */
export function writePidFile(r: Omit<UpRecord, "pid" | "cmdline" | "home" | "startedAt">, home = podscopeHome()): () => void {
  const rec: UpRecord = { pid: process.pid, cmdline: cmdlineOf("self") ?? process.argv, home, startedAt: new Date().toISOString(), ...r };
  const file = pidFilePath(home, r.port);
  writeFileSync(file, `${JSON.stringify(rec)}\n`, { mode: 0o600 });
  // Only our own record: a later `up` on this port may have replaced it after we stopped listening.
  return () => {
    if (readRecord(file)?.pid === process.pid) rmSync(file, { force: true });
  };
}

function readRecord(file: string): UpRecord | undefined {
  try {
    const r = JSON.parse(readFileSync(file, "utf8"));
    return typeof r?.pid === "number" && Array.isArray(r.cmdline) ? r : undefined;
  } catch {
    return undefined;
  }
}

/** The record still describes a live process: same pid, same command line. */
export function isRunning(r: UpRecord): boolean {
  if (!processAlive(r.pid)) return false;
  const now = cmdlineOf(r.pid);
  return !!now && now.length === r.cmdline.length && now.every((a, i) => a === r.cmdline[i]);
}

/** Every record in a home, readable or not (`rec` undefined: a torn or foreign file). */
export function records(home: string): { file: string; rec: UpRecord | undefined }[] {
  let names: string[];
  try {
    names = readdirSync(home).filter((n) => PID_FILE.test(n));
  } catch {
    return [];
  }
  return names.map((n) => ({ file: join(home, n), rec: readRecord(join(home, n)) }));
}

/** The podscope servers recorded in a home and still running; records of dead ones are removed. */
export function runningServers(home = podscopeHome()): UpRecord[] {
  const live: UpRecord[] = [];
  for (const { file, rec } of records(home)) {
    if (rec && isRunning(rec)) live.push(rec);
    else rmSync(file, { force: true });
  }
  return live;
}

export function forgetServer(r: UpRecord): void {
  if (readRecord(pidFilePath(r.home, r.port))?.pid === r.pid) rmSync(pidFilePath(r.home, r.port), { force: true });
}

/** SIGTERM, then SIGKILL if it has not exited within `graceMs`; says which it took. */
export async function stopServer(r: UpRecord, graceMs = 10_000): Promise<{ stopped: boolean; message: string }> {
  const what = `podscope server pid ${r.pid} (port ${r.port})`;
  const gone = async (ms: number) => {
    const deadline = Date.now() + ms;
    while (processAlive(r.pid)) {
      if (Date.now() > deadline) return false;
      await new Promise((res) => setTimeout(res, 100));
    }
    return true;
  };
  try {
    process.kill(r.pid, "SIGTERM");
  } catch {
    // Exited between the check and now: `gone` sees it.
  }
  if (await gone(graceMs)) {
    forgetServer(r);
    return { stopped: true, message: `${what} stopped` };
  }
  try {
    process.kill(r.pid, "SIGKILL");
  } catch {
    // Exited at last: `gone` sees it.
  }
  if (!(await gone(5_000))) return { stopped: false, message: `${what} is still running after SIGKILL` };
  forgetServer(r);
  return { stopped: true, message: `${what} did not stop within ${graceMs / 1000}s of SIGTERM: killed (SIGKILL)` };
}
