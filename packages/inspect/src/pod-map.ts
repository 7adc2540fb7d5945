// Pod map from Kubernetes Pod objects (pure): what a source that has V1 Pods (with container IDs
// in their statuses) hands to the inspector. The sandbox ID is not part of a V1 Pod, so it comes
// from the runtime through `sandboxIdOf`; without it the sandbox cgroup shows as an unnamed container.
import type { ContainerStatus, Pod } from "@podscope/core";
import type { PodMapEntry } from "./types";

function statusIds(statuses: ContainerStatus[] | undefined): { id: string; name: string }[] {
  const out: { id: string; name: string }[] = [];
  for (const s of statuses ?? []) {
    if (s.containerID) out.push({ id: s.containerID, name: s.name });
    // The previous instance of a restarted container: its cgroup is normally gone, but while it
    // lingers it still gets its name.
    const prev = (s.lastState?.terminated as { containerID?: string } | undefined)?.containerID;
    if (prev) out.push({ id: prev, name: s.name });
  }
  return out;
}

/** Pods without metadata.uid are left out: they were never run, so they have no cgroups. */
export function podMapFromPods(pods: Pod[], sandboxIdOf: (pod: Pod) => string | undefined = () => undefined): PodMapEntry[] {
  if (!Array.isArray(pods)) throw new TypeError("podMapFromPods expects an array of Pods");
  return pods
    .filter((p) => typeof p?.metadata?.uid === "string" && p.metadata.uid !== "")
    .map((p) => {
      const sandboxId = sandboxIdOf(p);
      return {
        uid: p.metadata.uid!,
        namespace: p.metadata.namespace ?? "default",
        name: p.metadata.name ?? "",
        ...(sandboxId && { sandboxId }),
        containers: [
          ...statusIds(p.status?.initContainerStatuses),
          ...statusIds(p.status?.containerStatuses),
          ...statusIds(p.status?.ephemeralContainerStatuses as ContainerStatus[] | undefined),
        ],
      };
    });
}
