// Who holds a TCP port, in words: before `up` starts anything (the local node included), each port it
// will listen on is tried; a held one is named with the process holding it — and when that is another
// podscope, with its home and how to stop it — instead of a bare EADDRINUSE after the node started.
import { readdirSync, readFileSync, readlinkSync } from "node:fs";
import { createServer } from "node:net";
import { podscopeHome } from "@podscope/env";
import { cmdlineOf, isRunning, records, type UpRecord } from "./pidfile";

/** Whether this process could listen on bind:port now (the same test `listen` itself makes). */
export function canListen(bind: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once("error", () => resolve(false));
    s.listen({ host: bind, port, exclusive: true }, () => s.close(() => resolve(true)));
  });
}

/** Socket inodes listening on a TCP port, from /proc/net/tcp and tcp6 (state 0A is LISTEN). */
function listeningInodes(port: number): Set<string> {
  const inodes = new Set<string>();
  for (const f of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    let text = "";
    try {
      text = readFileSync(f, "utf8");
    } catch {
      continue;
    }
    for (const line of text.split("\n").slice(1)) {
      const c = line.trim().split(/\s+/);
      if (c.length < 10 || c[3] !== "0A") continue;
      if (parseInt(c[1].split(":").pop()!, 16) === port) inodes.add(c[9]);
    }
  }
  return inodes;
}

/** Processes holding a listening socket on the port. Without root, only our own user's are visible. */
export function listeningPids(port: number): number[] {
  const inodes = listeningInodes(port);
  if (inodes.size === 0) return [];
  const pids: number[] = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${name}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      let target = "";
      try {
        target = readlinkSync(`/proc/${name}/fd/${fd}`);
      } catch {
        continue;
      }
      const m = /^socket:\[(\d+)\]$/.exec(target);
      if (m && inodes.has(m[1])) {
        pids.push(Number(name));
        break;
      }
    }
  }
  return pids;
}

/** The `up` record of a process, looked up in the home its environment points at. */
function podscopeRecord(pid: number): UpRecord | undefined {
  let env: Record<string, string>;
  try {
    env = Object.fromEntries(
      readFileSync(`/proc/${pid}/environ`, "utf8")
        .split("\0")
        .map((kv) => [kv.slice(0, kv.indexOf("=")), kv.slice(kv.indexOf("=") + 1)]),
    );
  } catch {
    return undefined;
  }
  const home = podscopeHome(env);
  // Records are named by API port, and the port asked about may be the web UI's: look at them all.
  return records(home).find(({ rec }) => rec?.pid === pid && isRunning(rec))?.rec;
}

function parentOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
  } catch {
    return 0;
  }
}

/** The podscope a process belongs to: itself, or an ancestor (the web UI is a child of `up`). */
function owningPodscope(pid: number): UpRecord | undefined {
  for (let p = pid, depth = 0; p > 1 && depth < 4; p = parentOf(p), depth++) {
    const r = podscopeRecord(p);
    if (r) return r;
  }
  return undefined;
}

/** One sentence naming what holds the port, and how to get it back. */
export function describePortOwner(port: number, bind: string): string {
  const held = `port ${port} on ${bind} is already in use`;
  const pids = listeningPids(port);
  if (pids.length === 0)
    return `${held} by a process this user cannot see (\`sudo ss -ltnp 'sport = :${port}'\` names it); choose another --port`;
  const pid = pids[0];
  const r = owningPodscope(pid);
  if (r) {
    return (
      `${held} by another podscope (pid ${r.pid}, home ${r.home}, \`podscope up --port ${r.port}\` since ${r.startedAt}). ` +
      `Stop it with Ctrl-C where it runs or \`kill ${r.pid}\` (its pods keep running), or \`PODSCOPE_HOME=${r.home} podscope down\` ` +
      `(stops it and removes its pods); or choose another --port`
    );
  }
  const cmd = (cmdlineOf(pid) ?? []).join(" ").slice(0, 200);
  return `${held} by pid ${pid}${cmd ? ` (${cmd})` : ""}; stop it or choose another --port`;
}

/** Throws, naming the holder, when any of the ports cannot be listened on. */
export async function ensurePortsFree(bind: string, ports: number[]): Promise<void> {
  for (const port of ports) {
    if (!(await canListen(bind, port))) throw new Error(describePortOwner(port, bind));
  }
}
