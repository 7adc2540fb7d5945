// Wire shapes of the podscope API as the web app uses them (see packages/api). Kept in one place so a
// change in the API shows up here as one type error, not as undefined fields in twenty components.
import type { KubeEvent, Node, Pod, PodStatus } from "@podscope/core";
import type { CgroupNode, NamespaceMatrixData } from "@podscope/ui";

export interface SourceCapabilities { canRunPods: boolean; canInspectNode: boolean; canEvict: boolean; canDelete: boolean; isRecording: boolean }
export interface SourceInfo {
  id: string;
  kind: "local" | "kube" | "snapshot";
  name: string;
  available: boolean;
  reason?: string;
  capabilities: SourceCapabilities;
}

export type PodWatchEvent =
  | { type: "SYNC"; objects: Pod[] }
  | { type: "ADDED" | "MODIFIED" | "DELETED"; object: Pod };

export interface PodDetail { pod: Pod; history: { time: string; status: PodStatus }[]; events: KubeEvent[] }
export interface ApplyResult { created: { namespace: string; name: string }[]; warnings: string[] }
export interface PodRef { source: string; namespace: string; name: string }

export interface PodscopeSnapshot {
  kind: "PodscopeSnapshot";
  version: 1;
  source: { id: string; name: string; kind: string };
  takenAt: string;
  pod: Pod;
  history: PodDetail["history"];
  events: KubeEvent[];
  inspection?: { cgroups?: CgroupNode | CgroupNode[] | null; namespaces?: NamespaceMatrixData | null; processes?: unknown };
}

export type { Node, Pod, KubeEvent };
