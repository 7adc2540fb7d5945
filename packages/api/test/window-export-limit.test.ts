// A window of a large source is refused with what it would hold, the limit, and how to ask for less
// (one namespace, one pod, a time window); a namespace of the same source exports. Through the real
// routers, from an opened window file of WINDOW_EXPORT_MAX_PODS + 1 pods.
import { isKubeError, type Pod, type WindowFile } from "@podscope/core";
import type { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import { appRouter, createCallerFactory, SourceRegistry, WINDOW_EXPORT_MAX_PODS } from "../src";

const pod = (name: string, namespace: string, uid: string): Pod => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name, namespace, uid, creationTimestamp: "2024-05-01T10:00:00Z" },
  spec: { nodeName: "n1", containers: [{ name: "app", image: "busybox" }] },
  status: { phase: "Running" },
});

// 600 pods in team-a, 300 in team-b, the rest in team-c: one more than a file may hold.
const namespaceOf = (i: number) => (i < 600 ? "team-a" : i < 900 ? "team-b" : "team-c");
const pods = Array.from({ length: WINDOW_EXPORT_MAX_PODS + 1 }, (_, i) => pod(`p${i}`, namespaceOf(i), `u${i}`));

const file: WindowFile = {
  kind: "PodscopeWindow",
  version: 1,
  source: { id: "kube:big", name: "big", kind: "kube" },
  scope: {},
  from: "2024-05-01T10:00:00Z",
  to: "2024-05-01T11:00:00Z",
  takenAt: "2024-05-01T11:00:00Z",
  objects: {
    pods,
    events: [],
    nodes: [{ apiVersion: "v1", kind: "Node", metadata: { name: "n1" }, status: {} } as never],
    pdbs: [],
    workloads: [],
    deletedPods: [{ pod: pod("gone", "team-a", "u-gone"), deletedAt: "2024-05-01T10:30:00Z" }],
  },
  history: { "u-gone": [{ time: "2024-05-01T10:00:01Z", status: { phase: "Running" } }] },
  logs: {},
};

describe("window export size guard", () => {
  it("refuses a whole source above the limit, naming the limit, the largest namespaces and how to narrow", async () => {
    const call = createCallerFactory(appRouter)({ registry: new SourceRegistry(), authenticated: true, tokenRequiredForReads: false });
    const { source } = await call.sources.openSnapshot({ json: JSON.stringify(file) });

    const refusal = await call.snapshots.export({ source }).then(
      () => "exported",
      (e: unknown) => e as TRPCError,
    );
    expect(refusal).not.toBe("exported");
    const err = refusal as TRPCError;
    expect(err.message).toBe(
      `a window of the whole source would hold ${WINDOW_EXPORT_MAX_PODS + 2} pods (${WINDOW_EXPORT_MAX_PODS + 1} alive, 1 deleted within the window), ` +
        `more than ${WINDOW_EXPORT_MAX_PODS} per file: export one namespace (podscope export -n NAMESPACE; the largest: team-a (600), team-b (300), team-c (101)); ` +
        "a time window (--since) leaves out the pods deleted before it, not the ones alive now",
    );
    expect(err.code).toBe("PAYLOAD_TOO_LARGE"); // HTTP 413, reason RequestEntityTooLarge
    expect(isKubeError(err.cause, "RequestEntityTooLarge")).toBe(true);

    // Narrowed to a namespace, the same source exports.
    const teamA = await call.snapshots.export({ source, namespace: "team-a" });
    expect(teamA.objects.pods).toHaveLength(600);
    expect(teamA.objects.deletedPods?.map((d) => d.pod.metadata.uid)).toEqual(["u-gone"]);
  });
});
