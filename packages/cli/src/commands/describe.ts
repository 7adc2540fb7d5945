// `podscope describe pod NAME` — the human report kubectl prints: identity, containers with state and
// last state, conditions, volumes, QoS, and the pod's events.
import {
  parseAtTime,
  timestampSince,
  type Container,
  type ContainerState,
  type ContainerStatus,
  type KubeEvent,
  type Pod,
} from "@podscope/core";
import { parse, sourceOf, UsageError } from "../flags";
import { resolveAt } from "../at";
import { out, table } from "../print";
import { withClient } from "../run";
import { lastSeen } from "./events";

const ind = (n: number, s: string) =>
  s
    .split("\n")
    .map((l) => (l ? " ".repeat(n) + l : l))
    .join("\n");

function kv(pairs: [string, string | undefined][], width = 0): string {
  const w = Math.max(width, ...pairs.map(([k]) => k.length + 1));
  return pairs
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${(k + ":").padEnd(w + 1)}${v}`)
    .join("\n");
}

function labelsBlock(m?: Record<string, string>): string {
  const e = Object.entries(m ?? {});
  return e.length ? e.map(([k, v], i) => (i ? " ".repeat(13) : "") + `${k}=${v}`).join("\n") : "<none>";
}

function describeState(label: string, s: ContainerState | undefined): [string, string | undefined][] {
  if (!s) return [[label, "Waiting"]];
  if (s.running)
    return [
      [label, "Running"],
      ["  Started", s.running.startedAt],
    ];
  if (s.terminated) {
    const t = s.terminated;
    return [
      [label, "Terminated"],
      ["  Reason", t.reason],
      ["  Message", t.message],
      ["  Exit Code", String(t.exitCode)],
      ["  Signal", t.signal ? String(t.signal) : undefined],
      ["  Started", t.startedAt],
      ["  Finished", t.finishedAt],
    ];
  }
  if (s.waiting)
    return [
      [label, "Waiting"],
      ["  Reason", s.waiting.reason],
      ["  Message", s.waiting.message],
    ];
  return [[label, "Waiting"]];
}

function probeLine(kind: string, p: Container["livenessProbe"]): [string, string] | undefined {
  if (!p) return undefined;
  const how = p.exec
    ? `exec [${(p.exec.command ?? []).join(" ")}]`
    : p.httpGet
      ? "http-get"
      : p.tcpSocket
        ? "tcp-socket"
        : p.grpc
          ? "grpc"
          : "unknown";
  return [
    kind,
    `${how} delay=${p.initialDelaySeconds ?? 0}s timeout=${p.timeoutSeconds ?? 1}s period=${p.periodSeconds ?? 10}s #success=${p.successThreshold ?? 1} #failure=${p.failureThreshold ?? 3}`,
  ];
}

function containerBlock(c: Container, st: ContainerStatus | undefined): string {
  const pairs: [string, string | undefined][] = [
    ["Container ID", st?.containerID],
    ["Image", c.image],
    ["Image ID", st?.imageID || undefined],
    ["Port", c.ports?.length ? c.ports.map((p) => `${p.containerPort}/${p.protocol ?? "TCP"}`).join(", ") : "<none>"],
    ["Command", c.command?.length ? "\n" + c.command.map((x) => `  ${x}`).join("\n") : undefined],
    ["Args", c.args?.length ? "\n" + c.args.map((x) => `  ${x}`).join("\n") : undefined],
    ...describeState("State", st?.state),
    ...(st?.lastState && Object.keys(st.lastState).length ? describeState("Last State", st.lastState) : []),
    ["Ready", String(st?.ready ?? false)],
    ["Restart Count", String(st?.restartCount ?? 0)],
  ];
  const res = c.resources ?? {};
  if (res.limits)
    pairs.push([
      "Limits",
      "\n" +
        Object.entries(res.limits)
          .map(([k, v]) => `  ${k}: ${v}`)
          .join("\n"),
    ]);
  if (res.requests)
    pairs.push([
      "Requests",
      "\n" +
        Object.entries(res.requests)
          .map(([k, v]) => `  ${k}: ${v}`)
          .join("\n"),
    ]);
  for (const [k, p] of [
    ["Liveness", c.livenessProbe],
    ["Readiness", c.readinessProbe],
    ["Startup", c.startupProbe],
  ] as const) {
    const l = probeLine(k, p);
    if (l) pairs.push(l);
  }
  pairs.push([
    "Environment",
    c.env?.length ? "\n" + c.env.map((e) => `  ${e.name}: ${e.value ?? "<set from source>"}`).join("\n") : "<none>",
  ]);
  pairs.push([
    "Mounts",
    c.volumeMounts?.length
      ? "\n" + c.volumeMounts.map((m) => `  ${m.mountPath} from ${m.name} (${m.readOnly ? "ro" : "rw"})`).join("\n")
      : "<none>",
  ]);
  return `${c.name}:\n${ind(2, kv(pairs, 14))}`;
}

/** `deletedAt`: the pod is gone (a recorded incarnation); its Status says when it went. */
export function describePod(pod: Pod, events: KubeEvent[], now: Date, deletedAt?: string): string {
  const m = pod.metadata,
    s = pod.status ?? {},
    spec = pod.spec;
  const owner = m.ownerReferences?.find((o) => o.controller);
  const head = kv(
    [
      ["Name", m.name],
      ["Namespace", m.namespace],
      ["Priority", String(spec.priority ?? 0)],
      ["Service Account", (spec.serviceAccountName as string) ?? "default"],
      ["Node", spec.nodeName ? `${spec.nodeName}/${s.hostIP ?? ""}` : "<none>"],
      ["Start Time", s.startTime],
      ["Labels", labelsBlock(m.labels)],
      ["Annotations", labelsBlock(m.annotations)],
      [
        "Status",
        deletedAt
          ? `Deleted ${timestampSince(deletedAt, now)} ago (${deletedAt})`
          : m.deletionTimestamp
            ? `Terminating (lasts ${timestampSince(m.deletionTimestamp, now)})`
            : (s.phase ?? "Unknown"),
      ],
      ["Reason", s.reason],
      ["Message", s.message],
      ["IP", s.podIP ?? ""],
      ["Controlled By", owner ? `${owner.kind}/${owner.name}` : undefined],
    ],
    12,
  );
  const statuses = new Map([...(s.initContainerStatuses ?? []), ...(s.containerStatuses ?? [])].map((c) => [c.name, c]));
  const parts = [head];
  if (spec.initContainers?.length)
    parts.push("Init Containers:\n" + ind(2, spec.initContainers.map((c) => containerBlock(c, statuses.get(c.name))).join("\n")));
  parts.push("Containers:\n" + ind(2, spec.containers.map((c) => containerBlock(c, statuses.get(c.name))).join("\n")));
  parts.push(
    "Conditions:\n" +
      ind(
        2,
        table(
          ["Type", "Status"],
          (s.conditions ?? []).map((c) => [c.type, c.status]),
        ).trimEnd(),
      ),
  );
  parts.push(
    "Volumes:" +
      (spec.volumes?.length
        ? "\n" +
          ind(
            2,
            spec.volumes
              .map(
                (v) =>
                  `${v.name}:\n  Type: ${v.emptyDir ? "EmptyDir (a temporary directory that shares a pod's lifetime)" : (Object.keys(v).filter((k) => k !== "name")[0] ?? "?")}`,
              )
              .join("\n"),
          )
        : "                      <none>"),
  );
  parts.push(
    kv(
      [
        ["QoS Class", s.qosClass ?? ""],
        ["Node-Selectors", spec.nodeSelector ? labelsBlock(spec.nodeSelector) : "<none>"],
        [
          "Tolerations",
          spec.tolerations?.length
            ? spec.tolerations
                .map((t) => `${t.key ?? ""}${t.operator === "Exists" ? "" : `=${t.value ?? ""}`}:${t.effect ?? ""}`)
                .join(", ")
            : "<none>",
        ],
      ],
      16,
    ),
  );
  if (!events.length) parts.push("Events:                      <none>");
  else {
    const rows = events
      .slice()
      .sort((a, b) => lastSeen(a).localeCompare(lastSeen(b)))
      .map((e) => {
        const first = e.firstTimestamp ?? e.eventTime ?? lastSeen(e);
        const age =
          e.count && e.count > 1
            ? `${timestampSince(lastSeen(e), now)} (x${e.count} over ${timestampSince(first, now)})`
            : timestampSince(lastSeen(e), now);
        return [e.type ?? "", e.reason ?? "", age, e.source?.component ?? e.reportingComponent ?? "", e.message ?? ""];
      });
    parts.push(
      "Events:\n" +
        ind(2, table(["Type", "Reason", "Age", "From", "Message"], [["----", "------", "----", "----", "-------"], ...rows]).trimEnd()),
    );
  }
  return parts.join("\n") + "\n";
}

export async function describe(argv: string[]): Promise<number> {
  return withClient(async (c) => {
    const { values, positionals } = parse(argv, { uid: { type: "string" }, at: { type: "string" } });
    const [kind, name] = positionals;
    if (!kind || !["pod", "pods", "po"].includes(kind) || !name) throw new UsageError(`usage: podscope describe pod NAME [--uid UID]`);
    // --uid names one incarnation (a deleted one, when the name was re-used: see `get pods --deleted`).
    const uid = values.uid as string | undefined;
    // --at T: the pod as it was then (rebuilt from recorded history), ages measured from T; "-15m" from the
    // source's clock (a window file's is the moment it was taken).
    const source = sourceOf(values);
    const at = typeof values.at === "string" ? await resolveAt(c, source, values.at) : undefined;
    const d = await c.pods.detail.query({
      source,
      namespace: (values.namespace as string | undefined) ?? "default",
      name,
      ...(uid ? { uid } : {}),
      ...(at ? { at } : {}),
    });
    const now = at ? new Date(parseAtTime(at, Date.now())) : new Date();
    out(describePod(d.pod, d.events, now, d.deletedAt));
    return 0;
  });
}
