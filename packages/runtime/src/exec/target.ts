// Which container an exec/attach reaches, decided from the pod as the API server, kubectl and
// kubelet decide it, with their messages. Pure: the pod in, the container's runtime id out.
import { badRequest, KubeError, type ContainerStatus, type Pod } from "@podscope/core";

export type StreamKind = "exec" | "attach";

export interface StreamTarget {
  container: string;
  /** The running instance's runtime id (without the containerd:// prefix). */
  containerId: string;
  /** No container was named and the pod has several: kubectl says which one it took. */
  defaultedFrom?: string[];
}

/** The pod's containers as kubectl lists them when it defaults: regular, then "(init)", then "(ephem)". */
export function containerChoices(pod: Pod): string[] {
  return [
    ...pod.spec.containers.map((c) => c.name),
    ...(pod.spec.initContainers ?? []).map((c) => `${c.name} (init)`),
    ...((pod.spec as { ephemeralContainers?: { name: string }[] }).ephemeralContainers ?? []).map((c) => `${c.name} (ephem)`),
  ];
}

/** The annotation naming the container kubectl picks when none is given (KEP 2227). */
export const DEFAULT_CONTAINER_ANNOTATION = "kubectl.kubernetes.io/default-container";

/**
 * kubectl's FindOrDefaultContainerByName for a pod and no container named: the annotation's container when
 * the pod has it, else the first container. `defaultedFrom` (the choices) when kubectl prints its
 * `Defaulted container "x" out of: …` note — only for the first-container fallback, and only when there
 * was a choice; `missingDefault` when the annotation names a container the pod does not have.
 */
export function defaultContainer(pod: Pod): { container: string; defaultedFrom?: string[]; missingDefault?: string } {
  const annotated = pod.metadata.annotations?.[DEFAULT_CONTAINER_ANNOTATION];
  const ephemeral = (pod.spec as { ephemeralContainers?: { name: string }[] }).ephemeralContainers ?? [];
  const all = [...pod.spec.containers, ...(pod.spec.initContainers ?? []), ...ephemeral].map((c) => c.name);
  if (annotated && all.includes(annotated)) return { container: annotated };
  const container = pod.spec.containers[0].name;
  return {
    container,
    ...(all.length > 1 ? { defaultedFrom: containerChoices(pod) } : {}),
    ...(annotated ? { missingDefault: annotated } : {}),
  };
}

export function streamTarget(pod: Pod, kind: StreamKind, container?: string): StreamTarget {
  const name = pod.metadata.name ?? "";
  const phase = pod.status?.phase;
  // kubectl refuses before it asks the server.
  if (phase === "Succeeded" || phase === "Failed") {
    throw badRequest(
      kind === "exec"
        ? `cannot exec into a container in a completed pod; current phase is ${phase}`
        : `cannot attach a container in a completed pod; current phase is ${phase}`,
    );
  }
  const ephemeral = (pod.spec as { ephemeralContainers?: { name: string }[] }).ephemeralContainers ?? [];
  const all = [
    ...pod.spec.containers.map((c) => c.name),
    ...(pod.spec.initContainers ?? []).map((c) => c.name),
    ...ephemeral.map((c) => c.name),
  ];
  let defaultedFrom: string[] | undefined;
  if (!container) ({ container, defaultedFrom } = defaultContainer(pod));
  // The API server's validation (pod strategy's ResourceLocation).
  if (!all.includes(container)) throw badRequest(`container ${container} is not valid for pod ${name}`);
  const statuses = [
    ...(pod.status?.containerStatuses ?? []),
    ...(pod.status?.initContainerStatuses ?? []),
    ...((pod.status as { ephemeralContainerStatuses?: ContainerStatus[] } | undefined)?.ephemeralContainerStatuses ?? []),
  ];
  const st = statuses.find((s) => s.name === container);
  // kubelet looks among the runtime's running containers only.
  if (!st?.state?.running || !st.containerID) {
    const msg =
      kind === "exec"
        ? `container not found ("${container}")`
        : `container ${container} not found in pod ${name}_${pod.metadata.namespace ?? "default"}`;
    throw new KubeError("BadRequest", `unable to upgrade connection: ${msg}`);
  }
  return { container, containerId: st.containerID.replace(/^[a-z]+:\/\//, ""), ...(defaultedFrom ? { defaultedFrom } : {}) };
}
