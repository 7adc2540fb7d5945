// kubectl's pod filters: order, verbatim messages, grouping, and "only the last filter's status survives".
import { describe, expect, it } from "vitest";
import type { Pod, PodPhase } from "@podscope/core";
import { filterPod, groupMessages, type FilterContext, type FilterFlags } from "../src/filters";

const ds = [{ apiVersion: "apps/v1", kind: "DaemonSet", name: "agent", uid: "d", controller: true }];
const rs = [{ apiVersion: "apps/v1", kind: "ReplicaSet", name: "web-1", uid: "r", controller: true }];
function pod(o: { owner?: typeof ds; phase?: string; emptyDir?: boolean; mirror?: boolean; deletedAgo?: number } = {}): Pod {
  return {
    metadata: {
      name: "p",
      namespace: "ns",
      ownerReferences: o.owner,
      annotations: o.mirror ? { "kubernetes.io/config.mirror": "x" } : undefined,
      deletionTimestamp: o.deletedAgo !== undefined ? `ago:${o.deletedAgo}` : undefined,
    },
    spec: { containers: [{ name: "c" }], volumes: o.emptyDir ? [{ name: "v", emptyDir: {} }] : [] },
    status: { phase: (o.phase ?? "Running") as PodPhase },
  };
}
function ctx(flags: FilterFlags, dsExists = true): FilterContext {
  return {
    flags,
    deletionAgeSeconds: (p) => (p.metadata.deletionTimestamp ? Number(String(p.metadata.deletionTimestamp).slice(4)) : undefined),
    daemonSetExists: () => dsExists,
  };
}

const cases: [string, Pod, FilterFlags, boolean, { delete: boolean; reason: string; message: string }][] = [
  ["plain replicated pod", pod({ owner: rs }), {}, true, { delete: true, reason: "okay", message: "" }],
  [
    "DaemonSet pod, no flag",
    pod({ owner: ds }),
    {},
    true,
    { delete: false, reason: "error", message: "DaemonSet-managed Pods (use --ignore-daemonsets to ignore)" },
  ],
  [
    "DaemonSet pod, --ignore-daemonsets",
    pod({ owner: ds }),
    { ignoreDaemonSets: true },
    true,
    { delete: false, reason: "warning", message: "ignoring DaemonSet-managed Pods" },
  ],
  ["finished DaemonSet pod", pod({ owner: ds, phase: "Succeeded" }), {}, true, { delete: true, reason: "okay", message: "" }],
  [
    "orphaned DaemonSet pod, no --force",
    pod({ owner: ds }),
    { ignoreDaemonSets: true },
    false,
    { delete: false, reason: "error", message: 'daemonsets.apps "agent" not found' },
  ],
  // --force turns NotFound into a warning, which the unreplicated filter then overwrites with okay.
  ["orphaned DaemonSet pod, --force", pod({ owner: ds }), { force: true }, false, { delete: true, reason: "okay", message: "" }],
  ["mirror pod", pod({ mirror: true }), {}, true, { delete: false, reason: "skip", message: "" }],
  [
    "emptyDir, no flag",
    pod({ owner: rs, emptyDir: true }),
    {},
    true,
    { delete: false, reason: "error", message: "Pods with local storage (use --delete-emptydir-data to override)" },
  ],
  [
    "emptyDir with controller, flag: warning overwritten",
    pod({ owner: rs, emptyDir: true }),
    { deleteEmptyDirData: true },
    true,
    { delete: true, reason: "okay", message: "" },
  ],
  [
    "emptyDir bare pod, flag + force: last warning wins",
    pod({ emptyDir: true }),
    { deleteEmptyDirData: true, force: true },
    true,
    { delete: true, reason: "warning", message: "deleting Pods that declare no controller" },
  ],
  [
    "emptyDir bare pod, flag, no force",
    pod({ emptyDir: true }),
    { deleteEmptyDirData: true },
    true,
    { delete: false, reason: "error", message: "cannot delete Pods that declare no controller (use --force to override)" },
  ],
  ["finished bare pod with emptyDir", pod({ emptyDir: true, phase: "Failed" }), {}, true, { delete: true, reason: "okay", message: "" }],
  [
    "bare pod",
    pod(),
    {},
    true,
    { delete: false, reason: "error", message: "cannot delete Pods that declare no controller (use --force to override)" },
  ],
  [
    "bare pod, --force",
    pod(),
    { force: true },
    true,
    { delete: true, reason: "warning", message: "deleting Pods that declare no controller" },
  ],
  [
    "DaemonSet error comes before the mirror skip",
    pod({ owner: ds, mirror: true }),
    {},
    true,
    { delete: false, reason: "error", message: "DaemonSet-managed Pods (use --ignore-daemonsets to ignore)" },
  ],
  [
    "terminating 90 s, skip after 60",
    pod({ owner: ds, deletedAgo: 90 }),
    { skipWaitForDeleteTimeoutSeconds: 60 },
    true,
    { delete: false, reason: "skip", message: "" },
  ],
  [
    "terminating 60.9 s, skip after 60 (whole seconds)",
    pod({ owner: rs, deletedAgo: 60.9 }),
    { skipWaitForDeleteTimeoutSeconds: 60 },
    true,
    { delete: true, reason: "okay", message: "" },
  ],
  ["terminating, flag 0 means never skip", pod({ owner: rs, deletedAgo: 900 }), {}, true, { delete: true, reason: "okay", message: "" }],
];

describe("kubectl drain filters", () => {
  it.each(cases)("%s", (_name, p, flags, dsExists, want) => {
    const { status } = filterPod(p, ctx(flags, dsExists));
    expect({ delete: status.delete, reason: status.reason, message: status.message }).toEqual(want);
  });

  it("keeps the trail of every status so the lost warnings can be explained", () => {
    const { trail } = filterPod(pod({ owner: rs, emptyDir: true }), ctx({ deleteEmptyDirData: true }));
    expect(trail.map((t) => `${t.filter}:${t.reason}`)).toEqual([
      "skipDeleted:okay",
      "daemonSet:okay",
      "mirror:okay",
      "localStorage:warning",
      "unreplicated:okay",
    ]);
  });

  it("groups errors and warnings per message, pods in list order", () => {
    const st = (reason: "error" | "warning", message: string) => ({ delete: reason === "warning", reason, message, filter: "x" });
    const items = [
      { key: "a/p1", status: st("error", "M1") },
      { key: "a/p2", status: st("error", "M2") },
      { key: "b/p3", status: st("error", "M1") },
      { key: "c/p4", status: st("warning", "W") },
      { key: "c/p5", status: st("warning", "W") },
    ];
    expect(groupMessages(items, "error")).toEqual(["cannot delete M1: a/p1, b/p3", "cannot delete M2: a/p2"]);
    expect(groupMessages(items, "warning")).toEqual(["W: c/p4, c/p5"]);
  });
});
