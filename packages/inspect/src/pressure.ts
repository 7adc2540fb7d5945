// Pressure stall information (PSI) of a cgroup v2 cgroup: cpu.pressure, memory.pressure and
// io.pressure, present in every non-root cgroup when the kernel has PSI enabled (CONFIG_PSI,
// psi=1). Each holds a "some" line (at least one task stalled) and, except cpu on older kernels,
// a "full" line (all non-idle tasks stalled): avg10/avg60/avg300 in percent, total in µs. Pure.
import { CgroupFileError } from "./stats";

export interface PsiLine {
  avg10: number;
  avg60: number;
  avg300: number;
  /** Total stall time, µs. */
  totalMicros: number;
}

export interface PressureStats {
  some: PsiLine;
  full?: PsiLine;
}

export interface CgroupPressure {
  cpu?: PressureStats;
  memory?: PressureStats;
  io?: PressureStats;
}

export const PRESSURE_FILES = { cpu: "cpu.pressure", memory: "memory.pressure", io: "io.pressure" } as const;

export function parsePressure(file: string, raw: string): PressureStats {
  const lines: Partial<Record<"some" | "full", PsiLine>> = {};
  for (const line of raw.split("\n")) {
    const s = line.trim();
    if (!s) continue;
    const [kind, ...fields] = s.split(/\s+/);
    if (kind !== "some" && kind !== "full")
      throw new CgroupFileError(`${file}: expected "some" or "full" lines, got ${JSON.stringify(line)}`);
    const v: Record<string, number> = {};
    for (const f of fields) {
      const m = /^(avg10|avg60|avg300|total)=(\d+(?:\.\d+)?)$/.exec(f);
      if (!m) throw new CgroupFileError(`${file}: malformed field ${JSON.stringify(f)} in ${JSON.stringify(line)}`);
      v[m[1]] = Number(m[2]);
    }
    for (const k of ["avg10", "avg60", "avg300", "total"]) {
      if (v[k] === undefined) throw new CgroupFileError(`${file}: ${kind} line lacks ${k}: ${JSON.stringify(line)}`);
    }
    lines[kind] = { avg10: v.avg10, avg60: v.avg60, avg300: v.avg300, totalMicros: v.total };
  }
  if (!lines.some) throw new CgroupFileError(`${file}: no "some" line in ${JSON.stringify(raw)}`);
  return lines.full ? { some: lines.some, full: lines.full } : { some: lines.some };
}

/** The pressure files read into a CgroupPressure; undefined when the kernel shows none (no PSI, v1, root). */
export function parseCgroupPressure(files: Record<string, string | undefined>): CgroupPressure | undefined {
  const out: CgroupPressure = {};
  for (const [k, file] of Object.entries(PRESSURE_FILES) as [keyof CgroupPressure, string][]) {
    const raw = files[file];
    if (raw !== undefined) out[k] = parsePressure(file, raw);
  }
  return Object.keys(out).length ? out : undefined;
}

/** One short line for a tree: the "some" avg10 of each resource, e.g. "psi cpu 1.20% mem 0.00% io 0.00%". */
export function pressureText(p: CgroupPressure): string {
  const parts: string[] = [];
  if (p.cpu) parts.push(`cpu ${p.cpu.some.avg10.toFixed(2)}%`);
  if (p.memory) parts.push(`mem ${p.memory.some.avg10.toFixed(2)}%`);
  if (p.io) parts.push(`io ${p.io.some.avg10.toFixed(2)}%`);
  return `psi ${parts.join(" ")}`;
}
