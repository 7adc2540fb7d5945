// Node-inspection data as the API sends it. The shapes are @podscope/inspect's own, imported as types only: ui
// runs in the browser and must not pull in the code that reads /proc and cgroupfs.
import type { NamespaceType, SANDBOX_CONTAINER as INSPECT_SANDBOX_CONTAINER } from "@podscope/inspect";

export type { CgroupKind, CgroupNode, CgroupProcess, LsnsJson, PodProcessesJson, ProcessNode } from "@podscope/inspect";

/** The namespaces kubelet's pod model shares or not (time is left out: no pod field controls it). */
export type NamespaceKind = Exclude<NamespaceType, "time">;
export const NAMESPACE_KINDS: readonly NamespaceKind[] = ["net", "ipc", "uts", "pid", "mnt", "cgroup", "user"];

/** The name the inspector gives the sandbox (pause) container; typed as the inspector's, so the two cannot differ. */
export const SANDBOX_CONTAINER: typeof INSPECT_SANDBOX_CONTAINER = "POD";
