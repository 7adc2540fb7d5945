// drain.simulate tells each board how the drained pods stood before the drain, so a pod that had failed (OOMKilled)
// reads "failed (OOMKilled)" in the board's NOW column until a request touches it, not "running" (the board's
// side: packages/ui/test/drain-board-at.test.ts).
import { describe, expect, it } from "vitest";
import { appRouter, createCallerFactory, SourceRegistry } from "../src";

const snapshot = JSON.stringify({
  apiVersion: "v1",
  kind: "List",
  items: [
    { apiVersion: "v1", kind: "Node", metadata: { name: "n1" }, status: { allocatable: { cpu: "4", memory: "8Gi", pods: "110" } } },
    {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "debug", namespace: "default" },
      spec: { nodeName: "n1", containers: [{ name: "c", image: "busybox" }] },
      status: {
        phase: "Running",
        containerStatuses: [{ name: "c", ready: true, restartCount: 0, image: "busybox", imageID: "", state: { running: {} } }],
      },
    },
    {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "hog", namespace: "default" },
      spec: { nodeName: "n1", restartPolicy: "Never", containers: [{ name: "c", image: "busybox" }] },
      status: {
        phase: "Failed",
        containerStatuses: [
          {
            name: "c",
            ready: false,
            restartCount: 0,
            image: "busybox",
            imageID: "",
            state: { terminated: { exitCode: 137, reason: "OOMKilled" } },
          },
        ],
      },
    },
  ],
});

describe("drain.simulate start status", () => {
  it("carries each drained pod's phase and kubectl STATUS, Failed ones with their reason", async () => {
    const call = createCallerFactory(appRouter)({ registry: new SourceRegistry(), authenticated: true, tokenRequiredForReads: false });
    const out = await call.drain.simulate({ snapshot, request: { nodes: ["n1"] } as never });
    const board = out.result.nodes[0];
    expect(board.result).toBe("refused"); // the bare running pod refuses the drain without --force
    expect(board.startStatus).toEqual({
      "default/debug": { phase: "Running", reason: null },
      "default/hog": { phase: "Failed", reason: "OOMKilled" },
    });
  });
});
