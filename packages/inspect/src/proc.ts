// /proc/<pid>/stat and /proc/<pid>/cmdline text → process facts (pure).

export class ProcFileError extends Error {
  override name = "ProcFileError";
}

export interface ProcStat {
  pid: number;
  /** Executable name, up to 15 characters, as the kernel keeps it. */
  comm: string;
  /** R running, S sleeping, D disk sleep, Z zombie, T stopped, t traced, X dead, I idle (kernel thread). */
  state: string;
  ppid: number;
  /** Kernel flags (PF_*). */
  flags: number;
  /** Start time after boot, in clock ticks. */
  startTicks: number;
}

// PF_KTHREAD from include/linux/sched.h: set on kernel threads only.
const PF_KTHREAD = 0x00200000;

/** Parses /proc/<pid>/stat. comm may contain spaces and parentheses, so it runs to the LAST ")". */
export function parseProcStat(raw: string): ProcStat {
  const open = raw.indexOf("(");
  const close = raw.lastIndexOf(")");
  if (open < 0 || close < open) throw new ProcFileError(`/proc/<pid>/stat: no "(comm)" in ${JSON.stringify(raw.slice(0, 80))}`);
  const pid = Number(raw.slice(0, open).trim());
  const rest = raw
    .slice(close + 1)
    .trim()
    .split(/\s+/);
  // rest[0] is field 3 (state); field n is rest[n - 3].
  if (!Number.isInteger(pid) || rest.length < 20) {
    throw new ProcFileError(`/proc/<pid>/stat: malformed ${JSON.stringify(raw.slice(0, 80))}`);
  }
  const num = (n: number) => {
    const v = Number(rest[n - 3]);
    if (!Number.isFinite(v)) throw new ProcFileError(`/proc/${pid}/stat: field ${n} is not a number: ${rest[n - 3]}`);
    return v;
  };
  return {
    pid,
    comm: raw.slice(open + 1, close),
    state: rest[0],
    ppid: num(4),
    flags: num(9),
    startTicks: num(22),
  };
}

export function isKernelThread(stat: ProcStat): boolean {
  return (stat.flags & PF_KTHREAD) !== 0;
}

/** /proc/<pid>/cmdline: NUL-separated argv → one line, arguments joined by spaces. Empty for kernel threads and zombies. */
export function parseCmdline(raw: string): string {
  return raw.replace(/\0+$/, "").split("\0").join(" ");
}

/** What ps and systemd-cgls print: the command line, or [comm] when there is none. */
export function displayCommand(cmdline: string, comm: string): string {
  return cmdline !== "" ? cmdline : `[${comm}]`;
}
