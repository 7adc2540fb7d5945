// One pod's eviction as kubectl's goroutine does it: POST pods/eviction; 429 → print and retry after 5 s; 404 →
// already gone; any other error ends this pod with kubectl's words. After a 201, poll every second until the pod
// is gone or its UID changed (a StatefulSet pod comes back under the same name).
import {
  DELETE_POLL_SECONDS,
  evictErrorLine,
  evictingLine,
  EVICTION_RETRY_SECONDS,
  gracePeriodOverride,
  podGoneLine,
  retryLine,
  skipWaitLine,
  terminatingNamespaceRetryLine,
  waitErrorLine,
  type DrainPodReport,
} from "@podscope/drain";
import { isForbidden, isNotFound, KubeError, type Pod } from "@podscope/core";
import type { KubeSource } from "../source";
import { answerFromError } from "./answers";
import type { DrainRun } from "./run";

/** What a pod's worker ended with: null (done), "stopped", or the error kubectl would collect. */
export type PodEnd = null | "stopped" | { error: string; timedOut: boolean };

export function graceOf(run: DrainRun): number | undefined {
  return gracePeriodOverride(run.req);
}

const nsOf = (p: Pod) => p.metadata.namespace ?? "default";

/** "The disruption budget web needs 2 healthy pods and has 2 currently" → "ns/web". */
function pdbFromCause(ns: string, cause: string | null): string | null {
  const m = cause ? /^The disruption budget (\S+) /.exec(cause) : null;
  return m ? `${ns}/${m[1]}` : null;
}

export async function evictOne(run: DrainRun, kube: KubeSource, pod: Pod, report: DrainPodReport): Promise<PodEnd> {
  const ns = nsOf(pod);
  const name = pod.metadata.name as string;
  for (;;) {
    if (run.stopped) return "stopped";
    run.out(evictingLine(ns, name));
    if (run.timedOut) {
      if (report.outcome !== "blocked") report.outcome = "not-attempted";
      return { error: evictErrorLine(ns, name, run.timeoutMessage), timedOut: true };
    }
    report.attempts++;
    run.event("evict", report.pod, `eviction request #${report.attempts}`);
    try {
      await kube.evictPod(ns, name, { gracePeriodSeconds: graceOf(run) });
      break;
    } catch (e) {
      if (isNotFound(e)) {
        report.outcome = "evicted";
        report.message = "already gone (404)";
        run.event("evicted", report.pod, "already gone");
        return null;
      }
      const a = answerFromError(e);
      if (a.verdict === "blocked") {
        report.outcome = "blocked";
        report.message = a.message;
        report.pdb = pdbFromCause(ns, a.cause) ?? report.pdb;
        run.err(retryLine(ns, name, a.message));
        run.event(
          "retry",
          report.pod,
          a.cause
            ? `429 ${a.message} (${a.cause}); retrying in ${EVICTION_RETRY_SECONDS}s`
            : `429 ${a.message}; retrying in ${EVICTION_RETRY_SECONDS}s`,
        );
        await run.sleep(EVICTION_RETRY_SECONDS * 1000);
        continue;
      }
      // A namespace being deleted refuses evictions; kubectl waits for a pod already terminating, else retries.
      if (isForbidden(e) && e.causes.some((c) => c.reason === "NamespaceTerminating")) {
        if (pod.metadata.deletionTimestamp) break;
        run.err(terminatingNamespaceRetryLine(ns, name, e.status?.message ?? e.message));
        run.event("retry", report.pod, `namespace is terminating; retrying in ${EVICTION_RETRY_SECONDS}s`);
        await run.sleep(EVICTION_RETRY_SECONDS * 1000);
        continue;
      }
      report.outcome = "failed";
      report.message = a.message;
      const error = evictErrorLine(ns, name, a.message);
      run.event("error", report.pod, error);
      return { error, timedOut: false };
    }
  }
  report.outcome = "evicted";
  report.evictedAt = run.t();
  report.message = "eviction accepted (201): the pod is terminating";
  run.event("evict", report.pod, report.message);
  return waitForDelete(run, kube, pod, report, "evicted");
}

/** kubectl's waitForDelete for one pod: first poll at once, then every second. */
export async function waitForDelete(
  run: DrainRun,
  kube: KubeSource,
  pod: Pod,
  report: DrainPodReport,
  verb: "evicted" | "deleted",
): Promise<PodEnd> {
  const ns = nsOf(pod);
  const name = pod.metadata.name as string;
  const skip = run.req.skipWaitForDeleteTimeoutSeconds ?? 0;
  for (;;) {
    let fresh: Pod | undefined;
    try {
      fresh = await kube.client.request<Pod>("GET", `/api/v1/namespaces/${encodeURIComponent(ns)}/pods/${encodeURIComponent(name)}`, {
        intent: { verb: "get", resource: "pods", namespace: ns, name },
      });
    } catch (e) {
      if (!isNotFound(e)) {
        const error = waitErrorLine(name, e instanceof KubeError ? e.message : String(e));
        run.event("error", report.pod, error);
        return { error, timedOut: false };
      }
    }
    if (!fresh || fresh.metadata.uid !== pod.metadata.uid) {
      run.out(podGoneLine(name, verb));
      run.event(verb, report.pod, fresh ? `gone (a new pod with the same name has UID ${fresh.metadata.uid})` : "gone");
      return null;
    }
    const del = fresh.metadata.deletionTimestamp;
    if (skip > 0 && del && Math.trunc((Date.now() - Date.parse(del)) / 1000) > skip) {
      run.out(skipWaitLine(name, skip));
      return null;
    }
    if (run.stopped) return "stopped";
    if (run.timedOut) return { error: waitErrorLine(name, run.timeoutMessage), timedOut: true };
    await run.sleep(DELETE_POLL_SECONDS * 1000);
  }
}
