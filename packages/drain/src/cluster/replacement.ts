// What a workload controller's "create pod" amounts to: a pod from the owner's template (or, for a snapshot
// without one, a copy of the pod it replaces), created through the API server and queued for the scheduler.
import type { Pod } from "@podscope/core";
import type { Workload } from "../types";
import type { ClusterState, SimPod } from "./state";

const SUFFIX_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

/** Deterministic stand-in for the API server's random generateName suffix. */
export function nameSuffix(c: ClusterState): string {
  let n = c.nextSerial() * 7919 + 104729;
  let s = "";
  for (let i = 0; i < 5; i++) {
    s += SUFFIX_ALPHABET[n % SUFFIX_ALPHABET.length];
    n = Math.floor(n / SUFFIX_ALPHABET.length) + i * 31;
  }
  return s;
}

export function createReplacement(c: ClusterState, owner: Workload, old: SimPod, name: string): void {
  const tpl = owner.spec?.template;
  const base: Pod = tpl?.spec
    ? { apiVersion: "v1", kind: "Pod", metadata: { ...(tpl.metadata ?? {}), namespace: old.namespace }, spec: tpl.spec }
    : { ...old.obj, status: undefined };
  const obj: Pod = {
    ...base,
    metadata: {
      ...base.metadata,
      name,
      namespace: old.namespace,
      labels: { ...(base.metadata.labels ?? old.obj.metadata.labels ?? {}) },
      ownerReferences: old.obj.metadata.ownerReferences,
      deletionTimestamp: undefined,
      uid: undefined,
    },
    spec: { ...base.spec, nodeName: undefined },
  };
  const sp = c.addPod(obj, `sim-${c.nextSerial()}`, null, "Pending", false);
  sp.replaces = old.key;
  c.replacements.push(sp);
  c.changed();
  c.record("replacement-created", `pod/${sp.key}`, `created by ${owner.kind} ${owner.metadata.name} to replace ${old.key}`);
  c.pending.add(sp);
  c.podChanged(sp, "created");
}
