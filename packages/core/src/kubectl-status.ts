// The columns `kubectl get pods` prints (READY, STATUS, RESTARTS, AGE and the -o wide extras), computed
// the way kubectl's table printer does, so the dashboard and the CLI show the exact words an SRE expects.
// Pure: the clock is an argument.
import { humanDuration } from "./duration";
import type { ContainerStatus, Pod } from "./types";

/** One row of `kubectl get pods` (the wide columns are always filled; callers choose what to show). */
export interface KubectlPodRow {
  name: string;
  /** "ready/total", e.g. "1/2" (restartable init containers — native sidecars — count in total). */
  ready: string;
  /** The STATUS column: Running, CrashLoopBackOff, Init:0/2, Terminating, Evicted, ExitCode:3 … */
  status: string;
  /** "0", or "5 (2m3s ago)" once a container has restarted and its last termination time is known. */
  restarts: string;
  restartCount: number;
  /** AGE from metadata.creationTimestamp in kubectl's short form, "<unknown>" without it. */
  age: string;
  ip: string;
  node: string;
  nominatedNode: string;
  /** READINESS GATES: "<none>" or "true/total". */
  readinessGates: string;
}

// kubelet's reason for pods on a node that stopped reporting; kubectl prints such a deleting pod as Unknown.
const NODE_UNREACHABLE_REASON = "NodeLost";

/** Elapsed time since an RFC 3339 timestamp, as kubectl prints it ("<unknown>" when absent or unparsable). */
export function timestampSince(timestamp: string | null | undefined, now: Date): string {
  const t = parseTime(timestamp);
  if (t === undefined) return "<unknown>";
  return humanDuration(now.getTime() - t);
}

function parseTime(s: string | null | undefined): number | undefined {
  if (!s) return undefined;
  const t = Date.parse(s);
  return Number.isNaN(t) ? undefined : t;
}

function isRestartableInit(pod: Pod, name: string): boolean {
  return (pod.spec?.initContainers ?? []).some((c) => c.name === name && c.restartPolicy === "Always");
}

function conditionTrue(pod: Pod, type: string): boolean {
  return (pod.status?.conditions ?? []).some((c) => c.type === type && c.status === "True");
}

// A terminated state with no reason is shown by its signal if it has one, else by its exit code.
function terminatedWords(t: NonNullable<ContainerStatus["state"]>["terminated"] & object): string {
  if (t.reason) return t.reason;
  return t.signal ? `Signal:${t.signal}` : `ExitCode:${t.exitCode}`;
}

/** The full `kubectl get pods` row for a pod at time `now`. */
export function kubectlPodRow(pod: Pod, now: Date): KubectlPodRow {
  const status = pod.status ?? {};
  const phase = status.phase ?? "";
  let reason: string = status.reason || phase;
  if ((status.conditions ?? []).some((c) => c.type === "PodScheduled" && c.reason === "SchedulingGated")) {
    reason = "SchedulingGated";
  }

  let total = pod.spec?.containers?.length ?? 0;
  for (const c of pod.spec?.initContainers ?? []) if (c.restartPolicy === "Always") total++;
  let ready = 0;
  let restarts = 0;
  let sidecarRestarts = 0;
  let lastRestart: number | undefined;
  let lastSidecarRestart: number | undefined;
  const later = (a: number | undefined, b: number | undefined) => (b !== undefined && (a === undefined || b > a) ? b : a);

  const initStatuses = status.initContainerStatuses ?? [];
  const initCount = pod.spec?.initContainers?.length ?? 0;
  let initializing = false;
  for (let i = 0; i < initStatuses.length; i++) {
    const c = initStatuses[i];
    const finished = parseTime(c.lastState?.terminated?.finishedAt);
    restarts += c.restartCount ?? 0;
    lastRestart = later(lastRestart, finished);
    const sidecar = isRestartableInit(pod, c.name);
    if (sidecar) {
      sidecarRestarts += c.restartCount ?? 0;
      lastSidecarRestart = later(lastSidecarRestart, finished);
    }
    const term = c.state?.terminated;
    if (term && term.exitCode === 0) continue;
    if (sidecar && c.started) {
      if (c.ready) ready++;
      continue;
    }
    if (term) reason = "Init:" + terminatedWords(term);
    else if (c.state?.waiting?.reason && c.state.waiting.reason !== "PodInitializing") reason = "Init:" + c.state.waiting.reason;
    else reason = `Init:${i}/${initCount}`;
    initializing = true;
    break;
  }

  if (!initializing || conditionTrue(pod, "Initialized")) {
    restarts = sidecarRestarts;
    lastRestart = lastSidecarRestart;
    let hasRunning = false;
    const statuses = status.containerStatuses ?? [];
    // kubectl walks the containers from last to first, so the first container's state wins the STATUS column.
    for (let i = statuses.length - 1; i >= 0; i--) {
      const c = statuses[i];
      restarts += c.restartCount ?? 0;
      lastRestart = later(lastRestart, parseTime(c.lastState?.terminated?.finishedAt));
      if (c.state?.waiting?.reason) reason = c.state.waiting.reason;
      else if (c.state?.terminated) reason = terminatedWords(c.state.terminated);
      else if (c.ready && c.state?.running) {
        hasRunning = true;
        ready++;
      }
    }
    if (reason === "Completed" && hasRunning) reason = conditionTrue(pod, "Ready") ? "Running" : "NotReady";
  }

  const deleting = !!pod.metadata?.deletionTimestamp;
  if (deleting && status.reason === NODE_UNREACHABLE_REASON) reason = "Unknown";
  else if (deleting && phase !== "Succeeded" && phase !== "Failed") reason = "Terminating";

  const restartsText =
    restarts !== 0 && lastRestart !== undefined ? `${restarts} (${humanDuration(now.getTime() - lastRestart)} ago)` : String(restarts);

  const gates = pod.spec?.readinessGates ?? [];
  let readinessGates = "<none>";
  if (gates.length > 0) {
    const trueGates = gates.filter((g) => (status.conditions ?? []).find((c) => c.type === g.conditionType)?.status === "True").length;
    readinessGates = `${trueGates}/${gates.length}`;
  }

  return {
    name: pod.metadata?.name ?? "",
    ready: `${ready}/${total}`,
    status: reason,
    restarts: restartsText,
    restartCount: restarts,
    age: timestampSince(pod.metadata?.creationTimestamp, now),
    ip: status.podIPs?.[0]?.ip || "<none>",
    node: pod.spec?.nodeName || "<none>",
    nominatedNode: (status.nominatedNodeName as string | undefined) || "<none>",
    readinessGates,
  };
}

/** Just the STATUS column. */
export function kubectlPodStatus(pod: Pod): string {
  // The status column never depends on the clock; any date will do.
  return kubectlPodRow(pod, new Date(0)).status;
}
