// simulateDrain / simulateRollingDrain: one virtual clock, one cluster, kubectl draining nodes in sequence.
import { Cluster, round } from "./cluster";
import { KubectlDrain } from "./kubectl";
import { findingsFor } from "./findings";
import { checkDrainFlags, DrainFlagError } from "./flags";
import { parseLabelSelector, type LabelSelectorRequirement } from "@podscope/core";
import type { DrainRequest, DrainResult, RollingDrainResult, SimulateOptions, Snapshot } from "./types";

/** Bad input (unknown node, invalid flag value): the CLI turns it into exit status 2. */
export class DrainInputError extends Error {}

const DEFAULT_HORIZON = 24 * 3600;
/** After the last kubectl run ends, controllers keep going this long so replacements can land and get Ready. */
const SETTLE_SECONDS = 3600;

function validate(snapshot: Snapshot, req: DrainRequest): LabelSelectorRequirement[] {
  if (req.nodes.length === 0) throw new DrainInputError("error: USAGE: drain NODE [flags]: no node given");
  for (const n of req.nodes) {
    if (!snapshot.nodes.some((x) => x.metadata.name === n))
      throw new DrainInputError(`Error from server (NotFound): nodes "${n}" not found`);
  }
  try {
    checkDrainFlags(req);
  } catch (e) {
    if (e instanceof DrainFlagError) throw new DrainInputError(e.message);
    throw e;
  }
  return parseLabelSelector(req.podSelector ?? "");
}

/** Drain several nodes in sequence on one clock (kubectl drain n1 n2 …, or a rolling upgrade). */
export function simulateRollingDrain(snapshot: Snapshot, req: DrainRequest, opts: SimulateOptions): RollingDrainResult {
  const selector = validate(snapshot, req);
  const nowMs = Date.parse(opts.now);
  if (Number.isNaN(nowMs)) throw new DrainInputError(`invalid time for now: "${opts.now}"`);
  const horizon = opts.horizonSeconds ?? DEFAULT_HORIZON;
  const c = new Cluster(snapshot, nowMs);
  const runs: { k: KubectlDrain; timelineStart: number; timelineEnd: number; cordoned: boolean }[] = [];
  const rolling = req.uncordonAfterDrain === true;
  const cordoned = new Map<string, boolean>();
  if (!rolling) for (const n of req.nodes) cordoned.set(n, c.cordon(n));

  let idx = 0;
  const begin = () => {
    const node = req.nodes[idx++];
    const entry = { k: new KubectlDrain(c, req, node, selector), timelineStart: c.timeline.length, timelineEnd: -1, cordoned: false };
    runs.push(entry);
    entry.cordoned = rolling ? c.cordon(node) : cordoned.get(node)!;
    entry.k.cordonLine(entry.cordoned);
    entry.k.start();
  };
  begin();
  let stalledAt: string | null = null;
  for (;;) {
    const cur = runs[runs.length - 1];
    if (cur.k.run.finished) {
      cur.timelineEnd = c.timeline.length;
      const ok = !cur.k.run.refused && cur.k.run.podErrors.length === 0 && !cur.k.run.stalled;
      if (rolling && ok) c.uncordon(cur.k.run.node);
      if (cur.k.run.stalled) {
        stalledAt = cur.k.run.node;
        break;
      }
      if (idx < req.nodes.length) {
        begin();
        continue;
      }
      break;
    }
    if (cur.k.isStalled() && !cur.k.hasDeadline()) {
      cur.k.markStalled();
      continue;
    }
    const e = c.q.pop();
    if (!e || e.t > horizon) {
      // Nothing left to happen (or the safety horizon): kubectl would still be waiting.
      if (!e) {
        cur.k.markStalled();
        continue;
      }
      c.t = horizon;
      cur.k.markStalled();
      continue;
    }
    c.t = e.t;
    e.run();
  }
  // Let the controllers finish what the drains started (replacements scheduled and Ready), without kubectl.
  const settleUntil = c.t + SETTLE_SECONDS;
  for (let e = c.q.pop(); e && e.t <= settleUntil; e = c.q.pop()) {
    if (!e.progress) continue;
    c.t = e.t;
    e.run();
  }
  const last = runs[runs.length - 1];
  last.timelineEnd = c.timeline.length;

  runs[0].timelineStart = 0; // the first node's timeline also shows the cordons done before it
  const results: DrainResult[] = runs.map((r, i) => buildResult(c, r, i === runs.length - 1));
  for (let i = idx; i < req.nodes.length; i++) {
    results.push({
      node: req.nodes[i],
      result: "stalled",
      errors: [],
      warnings: [],
      pods: [],
      timeline: [],
      kubectl: [],
      findings: [`never reached: kubectl is still retrying on node ${stalledAt} and would not get to ${req.nodes[i]}`],
      startedAt: round(c.t),
      endedAt: round(c.t),
      pdbSeries: [],
      replacements: [],
    });
  }
  const findings = results.flatMap((r) => r.findings.map((f) => (req.nodes.length > 1 ? `${r.node}: ${f}` : f)));
  return { nodes: results, timeline: c.timeline, findings, endedAt: round(Math.max(...runs.map((r) => r.k.run.endedAt ?? c.t))) };
}

/** Drain one node (the `podscope drain NODE` case). */
export function simulateDrain(snapshot: Snapshot, req: Omit<DrainRequest, "nodes"> & { node: string }, opts: SimulateOptions): DrainResult {
  const { node, ...rest } = req;
  return simulateRollingDrain(snapshot, { ...rest, nodes: [node] }, opts).nodes[0];
}

function buildResult(c: Cluster, r: { k: KubectlDrain; timelineStart: number; timelineEnd: number }, last: boolean): DrainResult {
  const run = r.k.run;
  const result = run.refused
    ? "refused"
    : run.stalled
      ? "stalled"
      : run.workers.some((w) => w.timedOut)
        ? "timeout"
        : run.podErrors.length > 0
          ? "failed"
          : "drained";
  const timeline = c.timeline.slice(r.timelineStart, last ? c.timeline.length : r.timelineEnd);
  const startedAt = run.startedAt,
    endedAt = run.endedAt ?? c.t;
  const replaced = new Set(run.workers.map((w) => w.pod.key));
  const replacements = c.replacements
    .filter((p) => p.replaces && replaced.has(p.replaces) && p.createdAt >= startedAt)
    .map((p) => ({
      pod: p.key,
      replaces: p.replaces!,
      node: p.node,
      readyAt: p.readyAt === null ? null : round(p.readyAt),
      pendingReason: p.pendingReason,
    }));
  const pdbSeries = c.pdbSeries.filter((s) => (s.t >= startedAt || s.t === 0) && (last || s.t <= endedAt));
  const partial: DrainResult = {
    node: run.node,
    result,
    errors: run.errors,
    warnings: run.warnings,
    pods: run.workers.map((w) => w.report),
    timeline,
    findings: [],
    kubectl: run.lines.map((l) => ({ ...l, t: round(l.t) })),
    startedAt: round(startedAt),
    endedAt: round(endedAt),
    pdbSeries,
    replacements,
  };
  partial.findings = findingsFor(c, run, partial);
  return partial;
}
