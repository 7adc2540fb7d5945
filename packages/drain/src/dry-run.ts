// What `kubectl drain --dry-run=server` would be told, pod by pod: every eviction checked against the budgets as
// they are now, none decremented. Set beside simulateDrain's sequential answers, it shows where they differ.
import { matchesLabelRequirements, parseLabelSelector } from "@podscope/core";
import { Cluster } from "./cluster";
import { evaluateEviction } from "./eviction";
import { filterPod } from "./filters";
import type { DrainRequest, SimulateOptions, Snapshot } from "./types";
import { DrainInputError } from "./simulate";

export interface DryRunAnswer {
  pod: string;
  code: 201 | 429 | 500;
  message: string;
  pdb: string | null;
}

export function serverDryRunAnswers(
  snapshot: Snapshot,
  req: Omit<DrainRequest, "nodes"> & { node: string },
  opts: SimulateOptions,
): DryRunAnswer[] {
  if (!snapshot.nodes.some((n) => n.metadata.name === req.node))
    throw new DrainInputError(`Error from server (NotFound): nodes "${req.node}" not found`);
  const c = new Cluster(snapshot, Date.parse(opts.now));
  const selector = parseLabelSelector(req.podSelector ?? "");
  const ctx = {
    flags: req,
    deletionAgeSeconds: () => undefined,
    daemonSetExists: (ns: string, name: string) => c.workload("DaemonSet", ns, name) !== undefined,
  };
  const out: DryRunAnswer[] = [];
  for (const p of c.podsOnNode(req.node)) {
    if (!matchesLabelRequirements(selector, p.obj.metadata.labels)) continue;
    if (!filterPod(p.obj, ctx).status.delete) continue;
    const pdbs = c.pdbsFor(p);
    const a = evaluateEviction({ name: p.name, phase: p.phase, ready: p.ready, terminating: p.terminating }, pdbs, 0, true);
    out.push({ pod: p.key, code: a.code, message: a.code === 201 ? "" : a.message, pdb: pdbs.length === 1 ? pdbs[0].key : null });
  }
  return out;
}
