// Interface files of a cgroup → memory/cpu/pids figures (pure). The reader collects file contents
// into a map keyed by the kernel's file names; absent controllers simply have absent keys.
import type { CpuStats, MemoryStats, PidsStats } from "./types";
// pressure.ts uses this file's CgroupFileError inside functions only: the cycle is harmless.
import { parseCgroupPressure, type CgroupPressure } from "./pressure";

export class CgroupFileError extends Error {
  override name = "CgroupFileError";
}

/** v1 files read per cgroup, by hierarchy. */
export const V1_STAT_FILES = {
  memory: ["memory.usage_in_bytes", "memory.limit_in_bytes"],
  cpu: ["cpu.shares", "cpu.cfs_quota_us", "cpu.cfs_period_us"],
  pids: ["pids.current", "pids.max"],
} as const;

/** v2 files read per cgroup (all in the one directory). */
export const V2_STAT_FILES = [
  "memory.current",
  "memory.max",
  "cpu.weight",
  "cpu.max",
  "pids.current",
  "pids.max",
  "cpu.pressure",
  "memory.pressure",
  "io.pressure",
] as const;

export type StatFiles = Record<string, string | undefined>;

// v1 reports "no limit" as LONG_MAX rounded down to the page size (9223372036854771712 with 4 KiB
// pages, a different figure with 64 KiB pages). Anything at or above 2^60 bytes (1 EiB) is no real
// limit on any machine, so it reads as unlimited whatever the page size.
const V1_UNLIMITED = 2n ** 60n;

function integer(file: string, raw: string): bigint {
  const s = raw.trim();
  if (!/^-?\d+$/.test(s)) throw new CgroupFileError(`${file}: expected an integer, got ${JSON.stringify(raw)}`);
  return BigInt(s);
}

function safeNumber(file: string, v: bigint): number {
  if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new CgroupFileError(`${file}: ${v} is out of range`);
  }
  return Number(v);
}

/** An integer, or null for the literal "max" (v2 limits, v1 pids.max). */
export function parseMaxOrInteger(file: string, raw: string): number | null {
  if (raw.trim() === "max") return null;
  return safeNumber(file, integer(file, raw));
}

/** v1 memory.limit_in_bytes: bytes, or null when unlimited. */
export function parseV1MemoryLimit(raw: string): number | null {
  const v = integer("memory.limit_in_bytes", raw);
  return v >= V1_UNLIMITED ? null : safeNumber("memory.limit_in_bytes", v);
}

/** v2 cpu.max: "<quota|max> <period>" (period may be omitted by older kernels' writers, never by reads). */
export function parseCpuMax(raw: string): { quotaMicros: number | null; periodMicros?: number } {
  const parts = raw.trim().split(/\s+/);
  if (parts.length < 1 || parts.length > 2 || parts[0] === "") {
    throw new CgroupFileError(`cpu.max: expected "<quota|max> <period>", got ${JSON.stringify(raw)}`);
  }
  const quotaMicros = parseMaxOrInteger("cpu.max", parts[0]);
  if (parts.length === 1) return { quotaMicros };
  const period = parseMaxOrInteger("cpu.max", parts[1]);
  if (period === null) throw new CgroupFileError(`cpu.max: period cannot be "max": ${JSON.stringify(raw)}`);
  return { quotaMicros, periodMicros: period };
}

export interface CgroupStats {
  memory?: MemoryStats;
  cpu?: CpuStats;
  pids?: PidsStats;
  /** cgroup v2 with PSI: stall figures per resource. */
  pressure?: CgroupPressure;
}

/** Stats of a v1 cgroup from its memory/cpu/pids hierarchy files. */
export function parseV1Stats(f: StatFiles): CgroupStats {
  const out: CgroupStats = {};
  const usage = f["memory.usage_in_bytes"];
  const limit = f["memory.limit_in_bytes"];
  if (usage !== undefined && limit !== undefined) {
    out.memory = {
      usageBytes: safeNumber("memory.usage_in_bytes", integer("memory.usage_in_bytes", usage)),
      limitBytes: parseV1MemoryLimit(limit),
    };
  }
  const shares = f["cpu.shares"];
  const quota = f["cpu.cfs_quota_us"];
  if (shares !== undefined || quota !== undefined) {
    const cpu: CpuStats = { quotaMicros: null };
    if (shares !== undefined) cpu.shares = safeNumber("cpu.shares", integer("cpu.shares", shares));
    if (quota !== undefined) {
      const q = safeNumber("cpu.cfs_quota_us", integer("cpu.cfs_quota_us", quota));
      // -1 is v1's "no quota"; the kernel never reports another negative value.
      cpu.quotaMicros = q < 0 ? null : q;
    }
    const period = f["cpu.cfs_period_us"];
    if (period !== undefined) cpu.periodMicros = safeNumber("cpu.cfs_period_us", integer("cpu.cfs_period_us", period));
    out.cpu = cpu;
  }
  const pids = pidsStats(f);
  if (pids) out.pids = pids;
  return out;
}

/** Stats of a v2 cgroup. The root cgroup has none of these files; a child has only what subtree_control enables. */
export function parseV2Stats(f: StatFiles): CgroupStats {
  const out: CgroupStats = {};
  const cur = f["memory.current"];
  if (cur !== undefined) {
    const max = f["memory.max"];
    out.memory = {
      usageBytes: safeNumber("memory.current", integer("memory.current", cur)),
      limitBytes: max === undefined ? null : parseMaxOrInteger("memory.max", max),
    };
  }
  const weight = f["cpu.weight"];
  const cpuMax = f["cpu.max"];
  if (weight !== undefined || cpuMax !== undefined) {
    const cpu: CpuStats = cpuMax !== undefined ? parseCpuMax(cpuMax) : { quotaMicros: null };
    if (weight !== undefined) cpu.weight = safeNumber("cpu.weight", integer("cpu.weight", weight));
    out.cpu = cpu;
  }
  const pids = pidsStats(f);
  if (pids) out.pids = pids;
  const pressure = parseCgroupPressure(f);
  if (pressure) out.pressure = pressure;
  return out;
}

function pidsStats(f: StatFiles): PidsStats | undefined {
  const cur = f["pids.current"];
  if (cur === undefined) return undefined;
  const max = f["pids.max"];
  return {
    current: safeNumber("pids.current", integer("pids.current", cur)),
    max: max === undefined ? null : parseMaxOrInteger("pids.max", max),
  };
}

/** cgroup.procs: one pid per line; returned sorted and without duplicates (v1 may list a pid twice). */
export function parseCgroupProcs(raw: string): number[] {
  const pids = new Set<number>();
  for (const line of raw.split("\n")) {
    const s = line.trim();
    if (!s) continue;
    if (!/^\d+$/.test(s)) throw new CgroupFileError(`cgroup.procs: expected a pid per line, got ${JSON.stringify(line)}`);
    pids.add(Number(s));
  }
  return [...pids].sort((a, b) => a - b);
}

/**
 * /proc/<pid>/cgroup: "hierarchy-ID:controller-list:path" per line. Returns the path per
 * controller (v1, incl. "name=systemd") and under "" for the unified hierarchy (ID 0, empty list).
 */
export function parseProcCgroup(raw: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of raw.split("\n")) {
    if (!line.trim()) continue;
    const a = line.indexOf(":");
    const b = line.indexOf(":", a + 1);
    if (a < 0 || b < 0) throw new CgroupFileError(`/proc/<pid>/cgroup: malformed line ${JSON.stringify(line)}`);
    const controllers = line.slice(a + 1, b);
    const path = line.slice(b + 1);
    if (controllers === "") out[""] = path;
    else for (const c of controllers.split(",")) out[c] = path;
  }
  return out;
}
