// Spec fields the mini-kubelet does not implement. Each one present in a pod becomes a warning
// naming the field path, returned to whoever created the pod: we run the rest, but never pretend.
import type { Container, Pod, Probe } from "@podscope/core";
import { isNodeLocalImage } from "../images/pull-policy";

// Pod spec fields we implement, or that only matter to other components and change nothing on a
// node (scheduling hints: the local node has one node and no scheduler to obey them).
const SPEC_SUPPORTED = new Set([
  "containers",
  "initContainers",
  "restartPolicy",
  "terminationGracePeriodSeconds",
  "shareProcessNamespace",
  "hostname",
  "volumes",
  "readinessGates",
  "nodeName",
  "schedulerName",
  "priority",
  "priorityClassName",
  "tolerations",
  "nodeSelector",
  "affinity",
  "topologySpreadConstraints",
  "preemptionPolicy",
  "imagePullSecrets",
]);
// Fields whose default value is harmless: the API server (or our manifest reader) may fill them in.
const SPEC_HARMLESS_DEFAULTS: Record<string, unknown[]> = {
  dnsPolicy: ["ClusterFirst", "Default"],
  enableServiceLinks: [true, false],
  securityContext: [{}],
  hostNetwork: [false],
  hostPID: [false],
  hostIPC: [false],
  automountServiceAccountToken: [false],
  serviceAccountName: ["default"],
  serviceAccount: ["default"],
};

const CONTAINER_SUPPORTED = new Set([
  "name",
  "image",
  "command",
  "args",
  "workingDir",
  "env",
  "resources",
  "volumeMounts",
  "livenessProbe",
  "readinessProbe",
  "startupProbe",
  "lifecycle",
  "imagePullPolicy",
  "terminationMessagePath",
  "terminationMessagePolicy",
  "ports",
]);
const CONTAINER_HARMLESS_DEFAULTS: Record<string, unknown[]> = {
  securityContext: [{}],
  stdin: [false],
  stdinOnce: [false],
  tty: [false],
};

function safeIsNodeLocal(image: string): boolean {
  try {
    return isNodeLocalImage(image);
  } catch {
    return false; // an unparsable name is the container's InvalidImageName, not a warning
  }
}

function isDefault(value: unknown, allowed: unknown[] | undefined): boolean {
  return !!allowed && allowed.some((a) => JSON.stringify(a) === JSON.stringify(value));
}

function probeWarnings(p: Probe | undefined, path: string, out: string[]): void {
  if (!p) return;
  if (p.grpc !== undefined)
    out.push(`${path}.grpc: gRPC probes are not supported (exec, httpGet and tcpSocket are); this probe never runs`);
  if (p.terminationGracePeriodSeconds !== undefined)
    out.push(`${path}.terminationGracePeriodSeconds: not supported; the pod's grace period applies`);
}

function containerWarnings(c: Container, path: string, out: string[]): void {
  for (const [k, v] of Object.entries(c)) {
    if (CONTAINER_SUPPORTED.has(k) || isDefault(v, CONTAINER_HARMLESS_DEFAULTS[k])) continue;
    if (k === "restartPolicy") {
      // An init container with restartPolicy Always is a sidecar, which the pod worker runs as one.
      if (path.startsWith("spec.initContainers") && v === "Always") continue;
      out.push(`${path}.restartPolicy: per-container restart policies are not supported; the pod's restartPolicy applies`);
      continue;
    }
    out.push(`${path}.${k}: not supported by the local node; ignored`);
  }
  for (const kind of ["requests", "limits"] as const) {
    for (const r of Object.keys(c.resources?.[kind] ?? {})) {
      if (r !== "cpu" && r !== "memory") out.push(`${path}.resources.${kind}.${r}: only cpu and memory are enforced; ignored`);
    }
  }
  if ((c.resources as Record<string, unknown> | undefined)?.claims !== undefined)
    out.push(`${path}.resources.claims: dynamic resource claims are not supported; ignored`);
  (c.env ?? []).forEach((e, i) => {
    if (e.valueFrom !== undefined) out.push(`${path}.env[${i}].valueFrom: not supported; ${e.name} is left unset`);
  });
  (c.volumeMounts ?? []).forEach((m, i) => {
    for (const k of Object.keys(m))
      if (!["name", "mountPath", "readOnly"].includes(k)) out.push(`${path}.volumeMounts[${i}].${k}: not supported; ignored`);
  });
  for (const k of ["postStart", "preStop"] as const) {
    const h = c.lifecycle?.[k];
    if (!h) continue;
    for (const t of ["tcpSocket", "sleep"] as const)
      if (h[t] !== undefined) out.push(`${path}.lifecycle.${k}.${t}: only exec and httpGet hooks are supported; this hook never runs`);
  }
  if (c.lifecycle && (c.lifecycle as Record<string, unknown>).stopSignal !== undefined)
    out.push(`${path}.lifecycle.stopSignal: not supported; SIGTERM is sent`);
  if (c.imagePullPolicy === "Always" && c.image && safeIsNodeLocal(c.image))
    out.push(
      `${path}.imagePullPolicy: Always: "${c.image}" is one of the local node's own images, which are never pulled; the local image is used`,
    );
  probeWarnings(c.livenessProbe, `${path}.livenessProbe`, out);
  probeWarnings(c.readinessProbe, `${path}.readinessProbe`, out);
  probeWarnings(c.startupProbe, `${path}.startupProbe`, out);
}

/** One readable warning per unsupported field, as `spec.path: what happens instead`. */
export function unsupportedFieldWarnings(pod: Pod): string[] {
  const out: string[] = [];
  const spec = pod.spec as Record<string, unknown>;
  for (const [k, v] of Object.entries(spec)) {
    if (SPEC_SUPPORTED.has(k) || isDefault(v, SPEC_HARMLESS_DEFAULTS[k])) continue;
    out.push(`spec.${k}: not supported by the local node; ignored`);
  }
  (pod.spec.volumes ?? []).forEach((v, i) => {
    const kinds = Object.keys(v).filter((k) => k !== "name");
    if (kinds.length === 1 && kinds[0] === "emptyDir") {
      if (v.emptyDir?.medium === "Memory")
        out.push(`spec.volumes[${i}].emptyDir.medium: Memory (tmpfs) is not supported; a directory on disk is used`);
      if (v.emptyDir?.sizeLimit !== undefined) out.push(`spec.volumes[${i}].emptyDir.sizeLimit: not enforced`);
      return;
    }
    out.push(
      `spec.volumes[${i}]: ${kinds.join(", ") || "a volume without a source"} volumes are not supported; only emptyDir. Mounts of "${v.name}" are skipped`,
    );
  });
  (pod.spec.initContainers ?? []).forEach((c, i) => containerWarnings(c, `spec.initContainers[${i}]`, out));
  pod.spec.containers.forEach((c, i) => containerWarnings(c, `spec.containers[${i}]`, out));
  return out;
}
