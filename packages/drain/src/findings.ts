// Findings: what an operator should know about the rehearsed drain, in plain words.
import type { Cluster, SimPod } from "./cluster";
import type { NodeRun, Worker } from "./kubectl";
import { DAEMONSET_FATAL, LOCAL_STORAGE_FATAL, LOCAL_STORAGE_WARNING, UNMANAGED_FATAL } from "./filters";
import { MULTIPLE_PDBS } from "./eviction";
import { controllerOf } from "./pod-facts";
import type { DrainResult } from "./types";

const s = (n: number) => (n === 1 ? "" : "s");
const secs = (t: number) => `${Math.round(t * 10) / 10} s`;

const FIX: [string, string][] = [
  [DAEMONSET_FATAL, "--ignore-daemonsets leaves DaemonSet pods in place"],
  [LOCAL_STORAGE_FATAL, "--delete-emptydir-data accepts losing their emptyDir data"],
  [UNMANAGED_FATAL, "--force deletes them for good (nothing recreates them)"],
];

/** The workload a pod belongs to, as people name it: Deployment for ReplicaSet pods that have one. */
function workloadOf(c: Cluster, p: SimPod): { kind: string; name: string; replicas: number | undefined } | undefined {
  const ref = p.controller;
  if (!ref) return undefined;
  const w = c.workload(ref.kind, p.namespace, ref.name);
  if (ref.kind === "ReplicaSet" && w) {
    const owner = controllerOf(w);
    const dep = owner?.kind === "Deployment" ? c.workload("Deployment", p.namespace, owner.name) : undefined;
    if (dep) return { kind: "Deployment", name: `${p.namespace}/${dep.metadata.name}`, replicas: dep.spec?.replicas ?? 1 };
  }
  return { kind: ref.kind, name: `${p.namespace}/${ref.name}`, replicas: w ? (w.spec?.replicas ?? 1) : undefined };
}

export function findingsFor(c: Cluster, run: NodeRun, r: DrainResult): string[] {
  const out: string[] = [];
  const node = run.node;
  const removed = run.workers.filter((w) => w.report.outcome === "evicted" || w.report.outcome === "deleted");

  if (run.refused) {
    const fixes = FIX.filter(([m]) => run.errors.some((e) => e.startsWith(`cannot delete ${m}`))).map(([, f]) => f);
    out.push(
      `kubectl refuses to drain ${node}: ${run.errors.join("; ")}. Nothing is evicted and the node stays cordoned (kubectl uncordon ${node} to undo).${fixes.length ? ` Options: ${fixes.join("; ")}.` : ""}`,
    );
  }

  // Blocked evictions, grouped by the budget that blocks them, with the reason no progress comes.
  const blocked = run.workers.filter((w) => w.report.outcome === "blocked");
  const byPdb = new Map<string, Worker[]>();
  for (const w of blocked) {
    const k = w.report.pdb ?? "?";
    if (!byPdb.has(k)) byPdb.set(k, []);
    byPdb.get(k)!.push(w);
  }
  for (const [key, ws] of byPdb) {
    const d = c.pdbs.find((x) => x.key === key);
    const verb = run.stalled ? "drain would stall" : "drain times out";
    const pods = ws.map((w) => w.pod.key).join(", ");
    if (!d) {
      out.push(`${verb}: ${pods} keep getting 429`);
      continue;
    }
    let why: string;
    if (d.observedGeneration < d.generation)
      why = `its status is still being processed by the server (observedGeneration ${d.observedGeneration} < generation ${d.generation})`;
    else if (d.reason === "SyncFailed")
      why = `the disruption controller cannot compute it (${d.message}), so it allows no disruption at all`;
    else {
      why = `needs ${d.desiredHealthy} healthy pod${s(d.desiredHealthy)} and has ${d.currentHealthy}`;
      if (d.desiredHealthy >= d.expectedPods && d.expectedPods > 0)
        why += ` — it asks for all ${d.expectedPods} expected pods to stay healthy, so no voluntary eviction can ever pass`;
      const stuck = c.replacements.filter((p) => !p.ready && p.pendingReason && c.pdbsFor(p).includes(d));
      if (stuck.length)
        why += `; ${stuck.length} replacement pod${s(stuck.length)} that would restore it stay${stuck.length === 1 ? "s" : ""} Pending`;
    }
    out.push(`${verb}: PDB ${key} ${why} (${ws.length} pod${s(ws.length)} keep${ws.length === 1 ? "s" : ""} getting 429: ${pods})`);
  }

  // Replacements that never get a node.
  const pendingByMsg = new Map<string, string[]>();
  for (const rp of r.replacements)
    if (rp.node === null && rp.pendingReason) {
      if (!pendingByMsg.has(rp.pendingReason)) pendingByMsg.set(rp.pendingReason, []);
      pendingByMsg.get(rp.pendingReason)!.push(rp.pod);
    }
  for (const [msg, pods] of pendingByMsg)
    out.push(`${pods.length} pod${s(pods.length)} stay${pods.length === 1 ? "s" : ""} Pending: ${msg} (${pods.join(", ")})`);

  for (const w of run.workers)
    if (w.report.outcome === "failed" && w.report.message === MULTIPLE_PDBS) {
      const names = c
        .pdbsFor(w.pod)
        .map((d) => d.key)
        .join(", ");
      out.push(
        `${w.pod.key} is selected by more than one PDB (${names}): the eviction API answers 500 and kubectl gives up on it — the drain fails`,
      );
    }

  // Server dry-run cannot show sequential decrements.
  const firstTry = new Map<string, { granted: number; total: number }>();
  for (const w of run.workers)
    if (w.report.pdb && w.status.delete && !run.refused && w.lastAnswer) {
      const e = firstTry.get(w.report.pdb) ?? { granted: 0, total: 0 };
      e.total++;
      if (w.report.attempts === 1 && w.report.outcome === "evicted") e.granted++;
      firstTry.set(w.report.pdb, e);
    }
  for (const [key, e] of firstTry) {
    const allowed = run.pdbAtStart.get(key) ?? 0;
    if (allowed <= 0 || e.total < 2 || e.granted >= e.total) continue;
    out.push(
      `kubectl drain --dry-run=server would answer "evicted" for all ${e.total} pods under PDB ${key} (each is checked against disruptionsAllowed=${allowed}, and a dry run never writes the decrement); in sequence only ${e.granted} pass${e.granted === 1 ? "es" : ""} at once and the rest wait for 429 retries`,
    );
  }

  // emptyDir data lost, with or without kubectl's warning.
  for (const w of removed) {
    const vols = (w.pod.obj.spec.volumes ?? []).filter((v) => v.emptyDir).map((v) => v.name);
    if (vols.length === 0) continue;
    const warned = w.status.reason === "warning" && w.status.message === LOCAL_STORAGE_WARNING;
    const overwritten = w.trail.some((t) => t.message === LOCAL_STORAGE_WARNING) && !warned;
    if (warned) out.push(`emptyDir data of ${w.pod.key} (${vols.join(", ")}) is lost`);
    else if (overwritten)
      out.push(
        `emptyDir data of ${w.pod.key} (${vols.join(", ")}) is lost without kubectl warning about it: a later filter replaced the "${LOCAL_STORAGE_WARNING}" warning`,
      );
    else out.push(`emptyDir data of ${w.pod.key} (${vols.join(", ")}) is lost (the pod has finished, so kubectl does not mention it)`);
  }

  // Single-replica workloads go down; bare pods go for good.
  for (const w of removed) {
    const p = w.pod;
    const wl = workloadOf(c, p);
    if (!wl) {
      out.push(`${p.key} declares no controller: it is deleted for good and nothing recreates it`);
      continue;
    }
    if (wl.replicas === undefined) {
      out.push(`${p.key} belongs to ${wl.kind} ${wl.name}, which is not in the snapshot: nothing recreates it`);
      continue;
    }
    if (wl.kind === "DaemonSet") {
      out.push(`${p.key} belongs to DaemonSet ${wl.name}, which will not place it elsewhere`);
      continue;
    }
    if (wl.replicas === 1 && wl.kind !== "Job") {
      const rp = r.replacements.find((x) => x.replaces === p.key);
      const from = w.report.evictedAt ?? 0;
      if (rp?.readyAt != null)
        out.push(
          `${wl.kind} ${wl.name} has a single replica: it is down from ${secs(from)} until its replacement is Ready at ${secs(rp.readyAt)} (${secs(rp.readyAt - from)} without any ready pod)`,
        );
      else
        out.push(
          `${wl.kind} ${wl.name} has a single replica: it goes down at ${secs(from)} and does not come back${rp?.pendingReason ? " (its replacement stays Pending)" : ""}`,
        );
    }
  }

  const noPdb = removed.filter((w) => w.pod.controller && c.pdbsFor(w.pod).length === 0).map((w) => w.pod.key);
  if (noPdb.length)
    out.push(
      `${noPdb.length} pod${s(noPdb.length)} ${noPdb.length === 1 ? "has" : "have"} no PodDisruptionBudget and go without any availability check: ${noPdb.join(", ")}`,
    );

  const killed = r.timeline.filter((e) => e.kind === "sigkill").map((e) => e.object.replace(/^pod\//, ""));
  if (killed.length)
    out.push(
      `${killed.length} pod${s(killed.length)} did not exit within the grace period and were SIGKILLed (exit code 137): ${killed.join(", ")}`,
    );

  if (r.result === "drained") {
    const ready = r.replacements.filter((x) => x.readyAt !== null);
    const where = [...new Set(ready.map((x) => x.node))].sort().join(", ");
    out.push(
      `${node} drained in ${secs(r.endedAt - r.startedAt)}: ${removed.length} pod${s(removed.length)} removed${ready.length ? `, ${ready.length} replacement${s(ready.length)} Ready on ${where}` : ""}`,
    );
  }
  if (r.result === "timeout")
    out.push(`--timeout expired before ${node} was drained; kubectl exits with an error and the node stays cordoned`);
  return out;
}
