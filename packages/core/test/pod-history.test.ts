import { describe, expect, it } from "vitest";
import { eventInvolves, isStatusChange, statusSignature, type KubeEvent, type Pod } from "../src";

const pod = (over: Partial<Pod["metadata"]> = {}, status: Pod["status"] = { phase: "Running" }): Pod =>
  ({ apiVersion: "v1", kind: "Pod", metadata: { name: "web", namespace: "default", uid: "u1", ...over }, spec: { containers: [], nodeName: "n1" }, status });

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
    expect(eventInvolves(ev({ kind: "Pod", namespace: "default", name: "web", uid: "u1" }), { namespace: "default", name: "web", uid: "u1" })).toBe(true);
    expect(eventInvolves(ev({ kind: "Pod", namespace: "default", name: "web", uid: "u0" }), { namespace: "default", name: "web", uid: "u1" })).toBe(false);
  });
  it("falls back to namespace and name for an event without UID", () => {
    expect(eventInvolves(ev({ kind: "Pod", namespace: "default", name: "web" }), { namespace: "default", name: "web", uid: "u1" })).toBe(true);
    expect(eventInvolves(ev({ kind: "Pod", namespace: "other", name: "web" }), { namespace: "default", name: "web", uid: "u1" })).toBe(false);
  });
  it("is never about another kind's object of the same name", () => {
    expect(eventInvolves(ev({ kind: "Node", name: "web" }), { name: "web" })).toBe(false);
  });
});
