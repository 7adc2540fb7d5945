import { describe, expect, it } from "vitest";
import { eventAtTime, eventVersionOf, isEventUpdate, nodeAtTime, nodeStateOf, nodeStateSignature, sourceNow } from "../src/history-at";
import type { KubeEvent, Node } from "../src/types";

const at = (s: string) => Date.parse(s);
const backoff: KubeEvent = {
  metadata: { name: "web.1", namespace: "default", uid: "e1", creationTimestamp: "2026-01-01T10:00:00Z" },
  involvedObject: { kind: "Pod", namespace: "default", name: "web", uid: "p1" },
  reason: "BackOff",
  count: 9,
  firstTimestamp: "2026-01-01T10:00:00Z",
  lastTimestamp: "2026-01-01T10:20:00Z",
};
const versions = [
  { count: 1, lastTimestamp: "2026-01-01T10:00:00Z" },
  { count: 4, lastTimestamp: "2026-01-01T10:05:00Z" },
  { count: 9, lastTimestamp: "2026-01-01T10:20:00Z" },
];

describe("eventAtTime", () => {
  it("hides an event that had not happened yet", () => {
    expect(eventAtTime(backoff, versions, at("2026-01-01T09:59:59Z"))).toBeUndefined();
  });
  it("gives the count and last time of the version recorded last by T", () => {
    const e = eventAtTime(backoff, versions, at("2026-01-01T10:07:00Z"))!;
    expect([e.count, e.lastTimestamp]).toEqual([4, "2026-01-01T10:05:00Z"]);
    expect(eventAtTime(backoff, versions, at("2026-01-01T10:00:30Z"))!.count).toBe(1);
    expect(eventAtTime(backoff, [...versions].reverse(), at("2026-01-01T10:05:00Z"))!.count).toBe(4);
  });
  it("keeps the event as it is once its last occurrence is by T", () => {
    expect(eventAtTime(backoff, versions, at("2026-01-01T11:00:00Z"))).toBe(backoff);
  });
  it("shows the first occurrence only when no recorded version reaches back to T", () => {
    const e = eventAtTime(backoff, [versions[2]], at("2026-01-01T10:07:00Z"))!;
    expect([e.count, e.lastTimestamp]).toEqual([1, "2026-01-01T10:00:00Z"]);
  });
  it("reads events.k8s.io series", () => {
    const ev: KubeEvent = {
      metadata: { name: "x", creationTimestamp: "2026-01-01T10:00:00Z" },
      involvedObject: {},
      eventTime: "2026-01-01T10:00:00.000000Z",
      series: { count: 5, lastObservedTime: "2026-01-01T10:10:00.000000Z" },
    };
    const v2 = { series: { count: 2, lastObservedTime: "2026-01-01T10:02:00.000000Z" } };
    expect(eventAtTime(ev, [v2], at("2026-01-01T10:03:00Z"))!.series).toEqual(v2.series);
    expect(eventAtTime(ev, [], at("2026-01-01T10:03:00Z"))!.series).toBeUndefined();
  });
  it("an update is a change of count, last time or series", () => {
    expect(isEventUpdate(undefined, eventVersionOf(backoff))).toBe(true);
    expect(isEventUpdate(eventVersionOf(backoff), eventVersionOf({ ...backoff, message: "other" }))).toBe(false);
    expect(isEventUpdate(eventVersionOf(backoff), eventVersionOf({ ...backoff, count: 10 }))).toBe(true);
  });
});

const node = (ready: string, beat: string, extra: Partial<Node["spec"]> = {}): Node => ({
  metadata: { name: "n1", uid: "n1", creationTimestamp: "2026-01-01T09:00:00Z" },
  spec: { podCIDR: "10.0.0.0/24", ...extra },
  status: {
    allocatable: { cpu: "4", memory: "8Gi" },
    conditions: [{ type: "Ready", status: ready as "True", lastHeartbeatTime: beat, lastTransitionTime: "2026-01-01T09:00:00Z" }],
    nodeInfo: { kubeletVersion: "v1.34.4" },
  },
});

describe("nodeAtTime", () => {
  it("a heartbeat alone is no change; a condition, taint or cordon is", () => {
    expect(nodeStateSignature(node("True", "2026-01-01T10:00:00Z"))).toBe(nodeStateSignature(node("True", "2026-01-01T10:00:40Z")));
    expect(nodeStateSignature(node("True", "x"))).not.toBe(nodeStateSignature(node("False", "x")));
    expect(nodeStateSignature(node("True", "x"))).not.toBe(nodeStateSignature(node("True", "x", { unschedulable: true })));
  });
  it("shows the state recorded last by T, over the last object", () => {
    const cordoned = node("False", "2026-01-01T10:30:00Z", { unschedulable: true, taints: [{ key: "k", effect: "NoSchedule" }] });
    const history = [
      { time: "2026-01-01T10:00:00Z", state: nodeStateOf(node("True", "")) },
      { time: "2026-01-01T10:30:00Z", state: nodeStateOf(cordoned) },
    ];
    const then = nodeAtTime(cordoned, history, at("2026-01-01T10:10:00Z"))!;
    expect(then.status?.conditions?.[0].status).toBe("True");
    expect(then.status?.conditions?.[0].lastHeartbeatTime).toBeUndefined();
    expect(then.spec?.unschedulable).toBeUndefined();
    expect(then.spec?.taints).toBeUndefined();
    expect(then.spec?.podCIDR).toBe("10.0.0.0/24");
    expect(then.status?.nodeInfo).toEqual({ kubeletVersion: "v1.34.4" });
    const later = nodeAtTime(cordoned, history, at("2026-01-01T10:31:00Z"))!;
    expect([later.status?.conditions?.[0].status, later.spec?.unschedulable, later.spec?.taints?.length]).toEqual(["False", true, 1]);
  });
  it("unknown before its first record, gone after its deletion", () => {
    const history = [{ time: "2026-01-01T10:00:00Z", state: nodeStateOf(node("True", "")) }];
    expect(nodeAtTime(node("True", ""), history, at("2026-01-01T09:30:00Z"))).toBeUndefined();
    expect(nodeAtTime(node("True", ""), history, at("2026-01-01T10:30:00Z"), "2026-01-01T10:20:00Z")).toBeUndefined();
  });
});

describe("sourceNow", () => {
  it("a file's clock is the moment it was taken; a live source's the wall clock", () => {
    const wall = at("2026-03-01T00:00:00Z");
    expect(sourceNow({ capabilities: { isLive: false }, takenAt: "2026-01-01T10:00:00Z" }, wall)).toBe(at("2026-01-01T10:00:00Z"));
    expect(sourceNow({ capabilities: { isLive: true }, takenAt: "2026-01-01T10:00:00Z" }, wall)).toBe(wall);
  });
});
