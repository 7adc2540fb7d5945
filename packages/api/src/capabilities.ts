// A source's capabilities are the optional members it has. This file is the one place that turns
// them into the flags views read, and the one place a router asks for a member it needs.
import { TRPCError } from "@trpc/server";
import type { Capabilities, Source, SourceInfo } from "./source";

export function capabilitiesOf(source: Source): Capabilities {
  return {
    canRunPods: source.apply !== undefined,
    canDelete: source.deletePod !== undefined,
    canInspectNode: source.inspector !== undefined,
    canEvict: source.drainer !== undefined,
    ...source.traits,
    isRecording: source.history !== undefined,
  };
}

/** What the API lists for a source: its own facts plus the capabilities its members give it. */
export function sourceInfo(source: Source): SourceInfo {
  return { ...source.info(), capabilities: capabilitiesOf(source) };
}

type Optional = "apply" | "deletePod" | "logs" | "stream" | "debug" | "inspector" | "images" | "drainer" | "history" | "agents";

// What the user is told when a source lacks one (the words the CLI and UI have always shown).
const MISSING: Record<Optional, (id: string) => string> = {
  apply: (id) => `source "${id}" cannot create pods`,
  deletePod: (id) => `source "${id}" cannot delete pods`,
  logs: (id) => `source "${id}" has no container logs`,
  stream: (id) => `source "${id}" cannot exec into or attach to containers (only the local node can)`,
  debug: (id) => `source "${id}" cannot add ephemeral containers (only the local node can)`,
  inspector: (id) => `source "${id}" cannot see its nodes' cgroups and namespaces (the local node and cluster contexts can)`,
  images: (id) => `source "${id}" has no local image store (only the local node has)`,
  history: (id) => `source "${id}" records no history: deleted pods and past states are not kept`,
  agents: (id) =>
    `source "${id}" has no podscope agents: only a cluster context (a kube:<context> source, --context NAME) runs them on its nodes`,
  drainer: (id) =>
    `source "${id}" cannot evict pods: checking or running a real drain needs a Kubernetes cluster context (a kube:<context> source)`,
};

/** The member, bound to its source when it is a method; 405 METHOD_NOT_SUPPORTED in the user's words when absent. */
export function requireCapability<K extends Optional>(source: Source, key: K): NonNullable<Source[K]> {
  const member = source[key];
  if (member === undefined) throw new TRPCError({ code: "METHOD_NOT_SUPPORTED", message: MISSING[key](source.id) });
  return (typeof member === "function" ? member.bind(source) : member) as NonNullable<Source[K]>;
}
