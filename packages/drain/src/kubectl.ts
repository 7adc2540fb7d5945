// kubectl drain's client side for one node (k8s.io/kubectl/pkg/drain + cmd/drain): list, filter, then
// evict every pod in parallel (retry 429 every 5 s, then poll every 1 s until the pod is gone or replaced),
// or with --disable-eviction delete them all and wait. Lines are recorded exactly as kubectl prints them.
import { matchesLabelRequirements, type LabelSelectorRequirement } from "@podscope/core";
import { pdbStatusText, type Cluster, type SimPod } from "./cluster";
import { evaluateEviction, type EvictionAnswer } from "./eviction";
import { filterPod, groupMessages, type FilterStatus } from "./filters";
import { gracePeriodOverride } from "./flags";
import { CONFLICT_RETRY_SECONDS, DELETE_POLL_SECONDS, EVICTION_RETRY_SECONDS } from "./kubectl-intervals";
import {
  aggregate,
  cordonLine,
  drainedLine,
  evictErrorLine,
  evictingLine,
  globalTimeoutMessage,
  pendingPodsLines,
  podGoneLine,
  retryLine,
  skipWaitLine,
  unableToDrainLines,
  WAIT_TIMEOUT_MESSAGE,
  waitErrorLine,
  warningLine,
} from "./kubectl-text";
import { initialReport } from "./pod-report";
import type { DrainPodReport, DrainRequest } from "./types";

export interface Worker {
  pod: SimPod;
  report: DrainPodReport;
  status: FilterStatus;
  trail: FilterStatus[];
  state: "idle" | "evicting" | "waiting" | "done";
  /** Cluster changeSeq when the last answer came: unchanged cluster, unchanged answer. */
  answerSeq: number;
  error?: string;
  timedOut?: boolean;
  lastAnswer?: EvictionAnswer;
  pdb?: string;
}

export interface NodeRun {
  node: string;
  startedAt: number;
  endedAt: number | null;
  workers: Worker[];
  errors: string[];
  warnings: string[];
  lines: { t: number; stream: "out" | "err"; line: string }[];
  /** Errors returned by pod goroutines, in the order they came back. */
  podErrors: string[];
  /** disruptionsAllowed of every PDB when this drain started (what a server dry-run would check against). */
  pdbAtStart: Map<string, number>;
  refused: boolean;
  stalled: boolean;
  finished: boolean;
}

export class KubectlDrain {
  readonly run: NodeRun;
  private outstanding = 0;
  private deadline: number;

  constructor(
    private readonly c: Cluster,
    readonly req: DrainRequest,
    node: string,
    private readonly selector: LabelSelectorRequirement[],
  ) {
    this.run = {
      node,
      startedAt: c.t,
      endedAt: null,
      workers: [],
      errors: [],
      warnings: [],
      lines: [],
      podErrors: [],
      pdbAtStart: new Map(c.pdbs.map((d) => [d.key, d.observedGeneration < d.generation ? 0 : d.disruptionsAllowed])),
      refused: false,
      stalled: false,
      finished: false,
    };
    // The global timeout starts when the evictions start (set in start()).
    this.deadline = Infinity;
  }

  private out(line: string): void {
    this.run.lines.push({ t: this.c.t, stream: "out", line });
  }
  private err(line: string): void {
    this.run.lines.push({ t: this.c.t, stream: "err", line });
  }

  cordonLine(wasCordoned: boolean): void {
    this.out(cordonLine(this.run.node, wasCordoned));
  }

  start(): void {
    const c = this.c;
    const pods = c.podsOnNode(this.run.node).filter((p) => matchesLabelRequirements(this.selector, p.obj.metadata.labels));
    const ctx = {
      flags: this.req,
      deletionAgeSeconds: (p: import("@podscope/core").Pod) => {
        const sp = c.podByKey(`${p.metadata.namespace}/${p.metadata.name}`);
        return sp && sp.deletedAt !== null ? c.t - sp.deletedAt : undefined;
      },
      daemonSetExists: (ns: string, name: string) => c.workload("DaemonSet", ns, name) !== undefined,
    };
    for (const p of pods) {
      const { status, trail } = filterPod(p.obj, ctx);
      const report: DrainPodReport = initialReport(p.key, status, this.req.disableEviction === true);
      if (status.reason === "skip")
        report.message =
          status.filter === "mirror"
            ? "mirror pod: kubectl skips it (the kubelet owns it)"
            : `deletionTimestamp older than ${this.req.skipWaitForDeleteTimeoutSeconds}s: skipped`;
      this.run.workers.push({ pod: p, report, status, trail, state: "idle", answerSeq: -1 });
    }
    const items = this.run.workers.map((w) => ({ key: w.pod.key, status: w.status }));
    this.run.errors = groupMessages(items, "error");
    this.run.warnings = groupMessages(items, "warning");
    if (this.run.errors.length > 0) {
      this.run.refused = true;
      // Nothing is touched when a filter error remains (the node stays cordoned).
      for (const w of this.run.workers) w.report.outcome = "not-attempted";
      c.record("refused", `node/${this.run.node}`, this.run.errors.join("; "));
      this.finish();
      return;
    }
    if (this.run.warnings.length > 0) {
      this.err(warningLine(this.run.warnings));
      c.record("warning", `node/${this.run.node}`, this.run.warnings.join("; "));
    }
    const toDelete = this.run.workers.filter((w) => w.status.delete);
    if (toDelete.length === 0) {
      this.finish();
      return;
    }
    // The budgets as the drain finds them, so the timeline alone (the JSON output) can draw their gauges.
    const seen = new Set<string>();
    for (const w of toDelete)
      for (const d of c.pdbsFor(w.pod)) {
        if (seen.has(d.key)) continue;
        seen.add(d.key);
        c.record("pdb-status", `pdb/${d.key}`, pdbStatusText(d));
      }
    if (this.req.timeoutSeconds && this.req.timeoutSeconds > 0) this.deadline = c.t + this.req.timeoutSeconds;
    this.outstanding = toDelete.length;
    if (this.req.disableEviction) this.deleteAll(toDelete);
    else
      for (const w of toDelete) {
        w.state = "evicting";
        this.attempt(w);
      }
  }

  // ---- eviction goroutine per pod -------------------------------------------------------------------

  private attempt(w: Worker): void {
    const c = this.c;
    const p = w.pod;
    this.out(evictingLine(p.namespace, p.name));
    if (c.t >= this.deadline) {
      w.timedOut = true;
      w.report.outcome = w.lastAnswer?.code === 429 ? "blocked" : "not-attempted";
      this.podDone(w, evictErrorLine(p.namespace, p.name, globalTimeoutMessage(this.req.timeoutSeconds!)));
      return;
    }
    if (p.gone) {
      this.podDone(w, null);
      return;
    } // 404: already gone
    w.report.attempts++;
    c.record("evict", `pod/${p.key}`, `eviction request #${w.report.attempts}`);
    this.decide(w, 0);
  }

  /**
   * The API server's answer to one eviction request. The budget is decremented with an optimistic-concurrency
   * UpdateStatus: a request that read the budget in the same instant another request wrote it gets a conflict,
   * and the handler (RetryOnConflict) refetches the budget and decides again about 0.5 s later.
   */
  private decide(w: Worker, conflicts: number): void {
    const c = this.c;
    const p = w.pod;
    if (p.gone) {
      this.podDone(w, null);
      return;
    }
    const pdbs = c.pdbsFor(p);
    // Only a request that goes on to write the budget can conflict: a ready, running pod under one observed budget
    // (all requests of an instant read the budget before any of them writes it).
    const writes =
      pdbs.length === 1 && p.ready && p.phase === "Running" && !p.terminating && pdbs[0].observedGeneration >= pdbs[0].generation;
    // A re-read after a conflict happens 500–550 ms later (jitter), so re-reads of one instant are effectively
    // sequential: they do not conflict with each other, the first takes the budget and the next sees what is left.
    if (writes && conflicts === 0 && c.pdbWrittenAt.get(pdbs[0].key) === c.t) {
      c.record(
        "evict-conflict",
        `pod/${p.key}`,
        `budget ${pdbs[0].key} changed under this request (409 inside the API server): it is read again in ${CONFLICT_RETRY_SECONDS}s`,
      );
      c.at(CONFLICT_RETRY_SECONDS, false, () => this.decide(w, conflicts + 1), 0);
      return;
    }
    const answer = evaluateEviction({ name: p.name, phase: p.phase, ready: p.ready, terminating: p.terminating }, pdbs, c.t);
    w.lastAnswer = answer;
    w.answerSeq = c.changeSeq;
    if (pdbs.length === 1) w.report.pdb = pdbs[0].key;
    const obj = `pod/${p.key}`;
    if (answer.code === 201) {
      w.report.outcome = "evicted";
      w.report.evictedAt = round(c.t);
      w.report.message = answer.usedBudget
        ? `eviction granted: within the budget of ${w.report.pdb}`
        : `eviction granted: ${answer.reason}`;
      p.evictedAt = c.t;
      c.record("evict-accepted", obj, w.report.message);
      if (answer.usedBudget) {
        const d = pdbs[0];
        c.pdbWrittenAt.set(d.key, c.t);
        c.changed();
        c.record(
          "pdb-status",
          `pdb/${d.key}`,
          `disruptionsAllowed decremented to ${d.disruptionsAllowed}, ${p.name} recorded in disruptedPods`,
        );
        c.sample(d);
      }
      c.deletePod(p, this.graceOverride());
      this.waitFor(w);
    } else if (answer.code === 429) {
      w.report.outcome = "blocked";
      w.report.message = answer.message;
      c.record("evict-429", obj, answer.cause ? `${answer.message} (${answer.cause})` : answer.message);
      this.err(retryLine(p.namespace, p.name, answer.message));
      c.at(EVICTION_RETRY_SECONDS, false, () => this.attempt(w), 0);
    } else {
      w.report.outcome = "failed";
      w.report.message = answer.message;
      c.record("evict-error", obj, `${answer.code}: ${answer.message}`);
      this.podDone(w, evictErrorLine(p.namespace, p.name, answer.message));
    }
  }

  private graceOverride(): number | undefined {
    return gracePeriodOverride(this.req);
  }

  /** waitForDelete: poll every second (first poll immediately) until the pod is gone or its UID changed. */
  private waitFor(w: Worker): void {
    w.state = "waiting";
    const poll = () => {
      const c = this.c;
      const p = w.pod;
      if (p.gone) {
        const gone = podGoneLine(p.name, this.req.disableEviction ? "deleted" : "evicted");
        this.out(gone);
        c.record("kubectl-done", `pod/${p.key}`, `kubectl sees the pod gone: "${gone}"`);
        this.podDone(w, null);
        return;
      }
      const skip = this.req.skipWaitForDeleteTimeoutSeconds ?? 0;
      if (skip > 0 && p.deletedAt !== null && Math.trunc(c.t - p.deletedAt) > skip) {
        this.out(skipWaitLine(p.name, skip));
        c.record("skip", `pod/${p.key}`, `deletionTimestamp older than ${skip}s: kubectl stops waiting`);
        this.podDone(w, null);
        return;
      }
      if (c.t >= this.deadline) {
        w.timedOut = true;
        this.podDone(w, waitErrorLine(p.name, globalTimeoutMessage(this.req.timeoutSeconds!)));
        return;
      }
      w.answerSeq = c.changeSeq;
      c.at(DELETE_POLL_SECONDS, false, poll, 0);
    };
    poll();
  }

  // ---- --disable-eviction -------------------------------------------------------------------------

  private deleteAll(ws: Worker[]): void {
    const c = this.c;
    for (const w of ws) {
      const p = w.pod;
      w.report.attempts = 1;
      w.report.outcome = "deleted";
      w.report.evictedAt = round(c.t);
      w.report.message = "deleted (DELETE, no PodDisruptionBudget check)";
      const pdbs = c.pdbsFor(p);
      if (pdbs.length === 1) w.report.pdb = pdbs[0].key;
      c.record("delete", `pod/${p.key}`, "DELETE bypasses PodDisruptionBudgets");
      c.deletePod(p, this.graceOverride());
    }
    // One waitForDelete for all pods, with the timeout as the poll limit.
    const poll = () => {
      for (const w of ws) {
        if (w.state === "done") continue;
        if (w.pod.gone) {
          this.out(podGoneLine(w.pod.name, "deleted"));
          c.record("kubectl-done", `pod/${w.pod.key}`, `kubectl sees the pod gone: "${podGoneLine(w.pod.name, "deleted")}"`);
          this.podDone(w, null);
        }
      }
      if (this.outstanding === 0) return;
      if (c.t >= this.deadline) {
        const left = ws.filter((w) => w.state !== "done");
        // deletePods returns a single error for the whole wait.
        for (const [i, w] of left.entries()) {
          w.timedOut = true;
          this.podDone(w, i === 0 ? WAIT_TIMEOUT_MESSAGE : null);
        }
        return;
      }
      for (const w of ws)
        if (w.state !== "done") {
          w.state = "waiting";
          w.answerSeq = c.changeSeq;
        }
      c.at(DELETE_POLL_SECONDS, false, poll, 0);
    };
    poll();
  }

  // ---- completion -----------------------------------------------------------------------------------

  private podDone(w: Worker, error: string | null): void {
    if (w.state === "done") return;
    w.state = "done";
    if (error) {
      w.error = error;
      this.run.podErrors.push(error);
    }
    this.outstanding--;
    if (this.outstanding === 0) this.finish();
  }

  /** Stall: nothing queued can change the cluster, and every worker's last answer saw the current state. */
  isStalled(): boolean {
    if (this.run.finished || this.c.q.progressCount > 0) return false;
    if ((this.req.skipWaitForDeleteTimeoutSeconds ?? 0) > 0) return false;
    return this.run.workers.every((w) => w.state === "done" || w.state === "idle" || (w.answerSeq >= this.c.changeSeq && !w.pod.gone));
  }

  hasDeadline(): boolean {
    return this.deadline !== Infinity;
  }

  /** kubectl would wait forever: stop here, leaving blocked pods blocked. */
  markStalled(): void {
    this.run.stalled = true;
    this.c.record("stalled", `node/${this.run.node}`, "no further progress is possible: kubectl would retry forever");
    this.finish();
  }

  private finish(): void {
    const r = this.run;
    if (r.finished) return;
    r.finished = true;
    r.endedAt = this.c.t;
    const node = r.node;
    if (r.refused) {
      for (const l of unableToDrainLines(node, r.errors)) this.err(l);
    } else if (r.stalled) {
      // kubectl prints nothing more: it is still retrying.
    } else if (r.podErrors.length === 0) {
      this.out(drainedLine(node));
      this.c.record("drained", `node/${node}`, "every pod to remove is gone");
    } else {
      const pending = this.c.podsOnNode(node).filter((p) => r.workers.some((w) => w.pod === p && w.status.delete));
      for (const l of pendingPodsLines(
        node,
        r.podErrors,
        pending.map((p) => p.name),
      ))
        this.err(l);
      for (const l of unableToDrainLines(node, r.podErrors)) this.err(l);
      this.c.record(r.workers.some((w) => w.timedOut) ? "timeout" : "failed", `node/${node}`, aggregate(r.podErrors));
    }
  }
}

function round(t: number): number {
  return Math.round(t * 1000) / 1000;
}
