// Time travel through the real routers on a window file: "-15m" counts back from the moment the window was
// taken (not the wall clock), events are read as they were at T (a repeating event with its count then, one
// not yet happened hidden), and nodes.at gives the file's nodes at takenAt and says history starts there.
import { describe, expect, it } from "vitest";
import { appRouter, createCallerFactory, SourceRegistry } from "../src";
import { podEvent, windowFile, windowPod, WINDOW_TAKEN } from "../../core/test/window-fixture";

const crash = { name: "crash", uid: "u1" };
const file = windowFile({
  objects: {
    pods: [windowPod("crash", "u1", { node: "n1" })],
    events: [
      podEvent("e1", crash, {
        reason: "BackOff",
        count: 12,
        firstTimestamp: "2024-05-01T10:01:00Z",
        lastTimestamp: "2024-05-01T10:59:00Z",
      }),
      podEvent("e2", crash, { reason: "Killing", count: 1, firstTimestamp: "2024-05-01T10:50:00Z", lastTimestamp: "2024-05-01T10:50:00Z" }),
    ],
    nodes: [
      {
        apiVersion: "v1",
        kind: "Node",
        metadata: { name: "n1", creationTimestamp: "2024-05-01T09:00:00Z" },
        spec: { unschedulable: true },
        status: { conditions: [{ type: "Ready", status: "True", lastHeartbeatTime: "2024-05-01T10:59:50Z" }] },
      },
    ],
  },
  history: { u1: [{ time: "2024-05-01T10:00:01Z", status: { phase: "Running" } }] },
});

async function open() {
  const registry = new SourceRegistry();
  const call = createCallerFactory(appRouter)({ registry, authenticated: true, tokenRequiredForReads: false });
  const { source } = await call.sources.openSnapshot({ json: JSON.stringify(file) });
  return { call, source };
}

describe("time travel on a window file", () => {
  it("a relative time counts back from the window's clock", async () => {
    const { call, source } = await open();
    const r = await call.pods.at({ source, at: "-15m" });
    expect(r.at).toBe("2024-05-01T10:45:00.000Z");
    expect(r.pods.map((p) => p.metadata.name)).toEqual(["crash"]);
    // After the moment it was taken is the future of that window.
    await expect(call.pods.at({ source, at: "2024-05-01T11:00:01Z" })).rejects.toThrow("history ends now (2024-05-01T11:00:00.000Z)");
  });

  it("events as they were at T: one not yet happened hidden, a repeating one at its first occurrence", async () => {
    const { call, source } = await open();
    const at = "2024-05-01T10:30:00Z";
    const list = await call.events.list({ source, at });
    expect(list.map((e) => [e.reason, e.count, e.lastTimestamp])).toEqual([["BackOff", 1, "2024-05-01T10:01:00Z"]]);
    const detail = await call.pods.detail({ source, namespace: "default", name: "crash", at });
    expect(detail.events.map((e) => e.reason)).toEqual(["BackOff"]);
    expect((await call.events.list({ source, at: WINDOW_TAKEN })).map((e) => [e.reason, e.count])).toEqual([
      ["BackOff", 12],
      ["Killing", 1],
    ]);
  });

  it("nodes at T: as taken, and unknown before the file was taken", async () => {
    const { call, source } = await open();
    const now = await call.nodes.at({ source, at: WINDOW_TAKEN });
    expect(now.nodes.map((n) => [n.metadata.name, n.spec?.unschedulable, n.status?.conditions?.[0].lastHeartbeatTime])).toEqual([
      ["n1", true, undefined],
    ]);
    expect(now.since).toBe(WINDOW_TAKEN);
    expect((await call.nodes.at({ source, at: "-1h" })).nodes).toEqual([]);
  });
});
