"use client";
// Containers: each container's state and last state, readiness, restarts, image, resources, probes
// and ports — the parts of the spec and status that explain what kubelet is doing with it.
import type { Container, ContainerState, ContainerStatus, Pod, Probe } from "@podscope/core";
import { humanDuration } from "@podscope/core";

function stateText(s: ContainerState | undefined, now: number): string {
  if (!s) return "—";
  if (s.running) return `Running${s.running.startedAt ? ` since ${humanDuration(now - Date.parse(s.running.startedAt))}` : ""}`;
  if (s.waiting) return `Waiting: ${s.waiting.reason ?? "?"}${s.waiting.message ? ` — ${s.waiting.message}` : ""}`;
  if (s.terminated) {
    const t = s.terminated;
    return `Terminated: ${t.reason ?? "exit"} (exit code ${t.exitCode}${t.signal ? `, signal ${t.signal}` : ""})${t.finishedAt ? `, ${humanDuration(now - Date.parse(t.finishedAt))} ago` : ""}`;
  }
  return "—";
}

function probeText(name: string, p: Probe | undefined): string | null {
  if (!p) return null;
  const how = p.exec
    ? `exec ${JSON.stringify(p.exec.command ?? [])}`
    : p.httpGet
      ? "httpGet"
      : p.tcpSocket
        ? "tcpSocket"
        : p.grpc
          ? "grpc"
          : "?";
  return `${name}: ${how}, every ${p.periodSeconds ?? 10}s, delay ${p.initialDelaySeconds ?? 0}s, timeout ${p.timeoutSeconds ?? 1}s, fail after ${p.failureThreshold ?? 3}`;
}

function resourcesText(c: Container): string {
  const r = c.resources ?? {};
  const fmt = (l?: Record<string, string | number>) =>
    l && Object.keys(l).length
      ? Object.entries(l)
          .map(([k, v]) => `${k} ${v}`)
          .join(", ")
      : "none";
  return `requests: ${fmt(r.requests)} · limits: ${fmt(r.limits)}`;
}

function Row({ c, s, init, now }: { c: Container; s?: ContainerStatus; init: boolean; now: number }) {
  const probes = [
    probeText("startup", c.startupProbe),
    probeText("liveness", c.livenessProbe),
    probeText("readiness", c.readinessProbe),
  ].filter(Boolean);
  return (
    <tr className="align-top" data-container={c.name}>
      <th scope="row" className="py-2 pr-3 text-left">
        <div className="font-semibold">{c.name}</div>
        <div className="text-xs font-normal text-slate-500 dark:text-slate-400">
          {init ? (c.restartPolicy === "Always" ? "sidecar (init)" : "init container") : "container"}
        </div>
      </th>
      <td className="py-2 pr-3">
        <div>{stateText(s?.state, now)}</div>
        {s?.lastState && Object.keys(s.lastState).length > 0 && (
          <div className="text-xs text-slate-500 dark:text-slate-400">last: {stateText(s.lastState, now)}</div>
        )}
      </td>
      <td className="py-2 pr-3 whitespace-nowrap">
        {s ? `${s.ready ? "ready" : "not ready"}${s.started === undefined ? "" : s.started ? ", started" : ", not started"}` : "—"}
      </td>
      <td className="py-2 pr-3 text-center">{s?.restartCount ?? 0}</td>
      <td className="py-2 pr-3 font-mono text-xs">{c.image}</td>
      <td className="py-2 pr-3 text-xs">
        <div>{resourcesText(c)}</div>
        {probes.map((p) => (
          <div key={p} className="text-slate-600 dark:text-slate-400">
            {p}
          </div>
        ))}
        {(c.ports ?? []).length > 0 && (
          <div>ports: {(c.ports ?? []).map((p) => `${p.containerPort}/${p.protocol ?? "TCP"}`).join(", ")}</div>
        )}
        {c.lifecycle?.postStart && <div>postStart hook</div>}
        {c.lifecycle?.preStop && (
          <div>preStop hook{c.lifecycle.preStop.exec ? `: ${JSON.stringify(c.lifecycle.preStop.exec.command)}` : ""}</div>
        )}
      </td>
    </tr>
  );
}

export function ContainersTable({ pod, now }: { pod: Pod; now: number }) {
  const status = (list: ContainerStatus[] | undefined, name: string) => list?.find((s) => s.name === name);
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-sm" aria-label="Containers">
        <thead className="text-left text-xs uppercase tracking-wide text-slate-500 dark:text-slate-400">
          <tr>
            <th className="pr-3">Name</th>
            <th className="pr-3">State</th>
            <th className="pr-3">Ready</th>
            <th className="pr-3">Restarts</th>
            <th className="pr-3">Image</th>
            <th>Resources, probes, ports</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
          {(pod.spec.initContainers ?? []).map((c) => (
            <Row key={"i" + c.name} c={c} s={status(pod.status?.initContainerStatuses, c.name)} init now={now} />
          ))}
          {pod.spec.containers.map((c) => (
            <Row key={c.name} c={c} s={status(pod.status?.containerStatuses, c.name)} init={false} now={now} />
          ))}
        </tbody>
      </table>
    </div>
  );
}
