// The two outputs of `podscope drain`: the JSON contract and kubectl's text followed by our findings.
import type { DrainJson, DrainResult } from "./types";

/** Exactly the documented JSON shape, nothing more (the richer fields stay for the API and UI). */
export function toDrainJson(r: DrainResult): DrainJson {
  return {
    node: r.node,
    result: r.result,
    errors: r.errors,
    warnings: r.warnings,
    pods: r.pods.map((p) => ({
      pod: p.pod,
      action: p.action,
      outcome: p.outcome,
      pdb: p.pdb,
      attempts: p.attempts,
      message: p.message,
      evictedAt: p.evictedAt,
    })),
    timeline: r.timeline.map((e) => ({ t: e.t, kind: e.kind, object: e.object, message: e.message })),
    findings: r.findings,
  };
}

/** kubectl's output (stdout and stderr lines interleaved in time order), then a findings section. */
export function toKubectlText(r: DrainResult): string {
  const lines = r.kubectl.map((l) => l.line);
  if (r.result === "stalled" && r.pods.length > 0) lines.push(`… (kubectl keeps retrying; nothing changes any more after ${r.endedAt} s)`);
  const out = [...lines, "", "Findings:", ...(r.findings.length ? r.findings.map((f) => `- ${f}`) : ["- none"])];
  return out.join("\n") + "\n";
}
