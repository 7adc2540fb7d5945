// Wire shapes of the podscope API as the web app uses them (see packages/api). Kept in one place so a
// change in the API shows up here as one type error, not as undefined fields in twenty components.
import type { KubeEvent, Node, Pod } from "@podscope/core";
import type { PodDetail } from "@podscope/api";
import type { CgroupNode, NamespaceMatrixData } from "@podscope/ui";

// The API's own types, so the two cannot drift apart.
export type { ApplyResult, Capabilities as SourceCapabilities, PodDetail, PodWatchMessage as PodWatchEvent, SourceInfo } from "@podscope/api";
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
