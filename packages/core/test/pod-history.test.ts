import { describe, expect, it } from "vitest";
import { eventInvolves, isStatusChange, parseAtTime, podAtTime, statusSignature, type KubeEvent, type Pod } from "../src";

const pod = (over: Partial<Pod["metadata"]> = {}, status: Pod["status"] = { phase: "Running" }): Pod => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: "web", namespace: "default", uid: "u1", ...over },
  spec: { containers: [], nodeName: "n1" },
  status,
});

describe("isStatusChange", () => {
  it("is a change when there is no previous record", () => expect(isStatusChange(undefined, pod())).toBe(true));
  it("ignores metadata-only updates (resourceVersion, labels, managedFields)", () => {
    expect(isStatusChange(pod({ resourceVersion: "1" }), pod({ resourceVersion: "2", labels: { a: "b" } }))).toBe(false);
  });
  it("sees a condition message or a waiting message change (what the timeline shows)", () => {
    const a = pod({}, { phase: "Running", conditions: [{ type: "Ready", status: "False", reason: "ContainersNotReady", message: "x" }] });
    const b = pod({}, { phase: "Running", conditions: [{ type: "Ready", status: "False", reason: "ContainersNotReady", message: "y" }] });
    expect(isStatusChange(a, b)).toBe(true);
  });
  it("sees the start of a deletion and a binding, which are outside status", () => {
    expect(isStatusChange(pod(), pod({ deletionTimestamp: "2026-01-01T00:00:30Z" }))).toBe(true);
    const unbound = pod();
    unbound.spec.nodeName = undefined;
    expect(isStatusChange(unbound, pod())).toBe(true);
  });
  it("does not depend on key order", () => {
    const a = pod({}, { phase: "Running", qosClass: "BestEffort" });
    const b = pod({}, { qosClass: "BestEffort", phase: "Running" });
    expect(statusSignature(a)).toBe(statusSignature(b));
  });
});

describe("eventInvolves", () => {
  const ev = (io: KubeEvent["involvedObject"]): KubeEvent => ({ metadata: { name: "e", namespace: "default" }, involvedObject: io });
  it("selects by UID when the event has one: an earlier pod with the same name is not this one", () => {
    expect(
      eventInvolves(ev({ kind: "Pod", namespace: "default", name: "web", uid: "u1" }), { namespace: "default", name: "web", uid: "u1" }),
    ).toBe(true);
    expect(
      eventInvolves(ev({ kind: "Pod", namespace: "default", name: "web", uid: "u0" }), { namespace: "default", name: "web", uid: "u1" }),
    ).toBe(false);
  });
  it("falls back to namespace and name for an event without UID", () => {
    expect(eventInvolves(ev({ kind: "Pod", namespace: "default", name: "web" }), { namespace: "default", name: "web", uid: "u1" })).toBe(
      true,
    );
    expect(eventInvolves(ev({ kind: "Pod", namespace: "other", name: "web" }), { namespace: "default", name: "web", uid: "u1" })).toBe(
      false,
    );
  });
  it("is never about another kind's object of the same name", () => {
    expect(eventInvolves(ev({ kind: "Node", name: "web" }), { name: "web" })).toBe(false);
  });
});

describe("podAtTime", () => {
  const p: Pod = {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name: "c",
      namespace: "default",
      uid: "u",
      creationTimestamp: "2026-01-01T00:00:00Z",
      deletionTimestamp: "2026-01-01T00:10:30Z",
      deletionGracePeriodSeconds: 30,
    },
    spec: { containers: [] },
    status: { phase: "Failed" },
  };
  const h = [
    { time: "2026-01-01T00:00:00.500Z", status: { phase: "Pending" as const } },
    {
      time: "2026-01-01T00:01:00Z",
      status: { phase: "Running" as const, containerStatuses: [{ name: "a", ready: false, restartCount: 3, image: "", imageID: "" }] },
    },
    { time: "2026-01-01T00:10:31Z", status: null },
  ];
  const at = (s: string) => Date.parse(s);
  it("gives the status recorded last at or before t, and the restart count it had then", () => {
    expect(podAtTime(p, h, at("2026-01-01T00:00:30Z"), "2026-01-01T00:10:31Z")?.status?.phase).toBe("Pending");
    expect(podAtTime(p, h, at("2026-01-01T00:05:00Z"), "2026-01-01T00:10:31Z")?.status?.containerStatuses?.[0].restartCount).toBe(3);
  });
  it("shows the deletion only once it was requested, and nothing before creation or after deletion", () => {
    expect(podAtTime(p, h, at("2026-01-01T00:05:00Z"))?.metadata.deletionTimestamp).toBeUndefined();
    expect(podAtTime(p, h, at("2026-01-01T00:10:05Z"))?.metadata.deletionTimestamp).toBe("2026-01-01T00:10:30Z");
    expect(podAtTime(p, h, at("2025-12-31T23:59:00Z"))).toBeUndefined();
    expect(podAtTime(p, h, at("2026-01-01T00:11:00Z"), "2026-01-01T00:10:31Z")).toBeUndefined();
  });
  it("reads -15m and RFC 3339", () => {
    const now = at("2026-01-01T01:00:00Z");
    expect(parseAtTime("-15m", now)).toBe(at("2026-01-01T00:45:00Z"));
    expect(parseAtTime("2026-01-01T00:30:00Z", now)).toBe(at("2026-01-01T00:30:00Z"));
    expect(parseAtTime("yesterday", now)).toBeNaN();
  });
});
