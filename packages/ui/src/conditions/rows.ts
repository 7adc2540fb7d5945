// Rows of the conditions table: the reported conditions in kubelet's order (custom ones after), each with
// absolute and relative transition time, the component that sets it and what it means. Pure.
import { conditionDoc, conditionReasonDoc, POD_CONDITION_TYPES, timestampSince, type PodCondition } from "@podscope/core";

export interface ConditionRow {
  type: string;
  /** "Missing": a readiness gate the spec names but no controller has reported yet. */
  status: PodCondition["status"] | "Missing";
  reason: string;
  /** What the reason means, when Kubernetes defines it. */
  reasonMeaning?: string;
  message: string;
  lastTransitionTime?: string;
  /** Absolute time for display: "2026-01-10 11:00:05 UTC" or local. */
  lastTransition?: string;
  /** "3m ago", kubectl's short duration. */
  ago?: string;
  setBy: string;
  meaning: string;
  builtIn: boolean;
}

function absolute(iso: string, timeZone: "local" | "utc"): string | undefined {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return undefined;
  const d = new Date(t);
  const p = (n: number) => String(n).padStart(2, "0");
  if (timeZone === "utc")
    return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} UTC`;
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

export function conditionRows(
  conditions: PodCondition[] | undefined,
  now: Date,
  opts: { readinessGates?: string[]; timeZone?: "local" | "utc" } = {},
): ConditionRow[] {
  const list = [...(conditions ?? [])];
  const order = (t: string) => {
    const i = (POD_CONDITION_TYPES as readonly string[]).indexOf(t);
    return i < 0 ? POD_CONDITION_TYPES.length : i;
  };
  // Stable sort: built-in types in kubelet's order, the rest as reported.
  const sorted = list
    .map((c, i) => ({ c, i }))
    .sort((a, b) => order(a.c.type) - order(b.c.type) || a.i - b.i)
    .map((x) => x.c);
  const rows: ConditionRow[] = sorted.map((c) => {
    const doc = conditionDoc(c.type);
    const abs = c.lastTransitionTime ? absolute(c.lastTransitionTime, opts.timeZone ?? "local") : undefined;
    return {
      type: c.type,
      status: c.status,
      reason: c.reason ?? "",
      ...(conditionReasonDoc(c.reason) ? { reasonMeaning: conditionReasonDoc(c.reason) } : {}),
      message: c.message ?? "",
      ...(c.lastTransitionTime && abs
        ? { lastTransitionTime: c.lastTransitionTime, lastTransition: abs, ago: `${timestampSince(c.lastTransitionTime, now)} ago` }
        : {}),
      setBy: doc.setBy,
      meaning: doc.meaning,
      builtIn: doc.builtIn,
    };
  });
  for (const gate of opts.readinessGates ?? []) {
    if (rows.some((r) => r.type === gate)) continue;
    const doc = conditionDoc(gate);
    rows.push({
      type: gate,
      status: "Missing",
      reason: "",
      message: "Named in spec.readinessGates but not reported yet; Ready stays False until it is True.",
      setBy: doc.setBy,
      meaning: doc.meaning,
      builtIn: doc.builtIn,
    });
  }
  return rows;
}
