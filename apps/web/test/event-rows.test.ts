import type { KubeEvent } from "@podscope/core";
import { describe, expect, it } from "vitest";
import { eventChangeTimes, eventRow, eventRows, lastSeenText, objectHref } from "../components/events/event-rows";

const now = Date.parse("2026-01-01T00:10:00Z");
const ev = (o: Partial<KubeEvent> & { kind?: string; name?: string; ns?: string }): KubeEvent => ({
  metadata: { name: `e-${o.reason}`, namespace: o.ns ?? "default", uid: `${o.reason}-${o.name}` },
  involvedObject: { kind: o.kind ?? "Pod", name: o.name ?? "web", namespace: o.kind === "Node" ? undefined : (o.ns ?? "default") },
  reason: o.reason,
  message: o.message ?? "",
  type: o.type ?? "Normal",
  count: o.count,
  firstTimestamp: o.firstTimestamp,
  lastTimestamp: o.lastTimestamp,
  eventTime: o.eventTime,
});

describe("Events rows, as kubectl get events prints them", () => {
  it("a repeated event reads 'LAST (xN over AGE-OF-FIRST)', a single one just its age", () => {
    const repeated = eventRow(
      ev({ reason: "BackOff", count: 8, firstTimestamp: "2026-01-01T00:08:58Z", lastTimestamp: "2026-01-01T00:09:57Z" }),
    );
    expect(lastSeenText(repeated, now)).toBe("3s (x8 over 62s)");
    const once = eventRow(ev({ reason: "Pulled", firstTimestamp: "2026-01-01T00:05:00Z", lastTimestamp: "2026-01-01T00:05:00Z" }));
    expect(lastSeenText(once, now)).toBe("5m");
  });

  it("uses core's one duration format (3m1s, not 181s) and the series of events.k8s.io/v1", () => {
    const e = {
      ...ev({ reason: "Unhealthy", eventTime: "2026-01-01T00:00:00Z" }),
      series: { count: 27, lastObservedTime: "2026-01-01T00:06:59Z" },
    } as KubeEvent;
    expect(lastSeenText(eventRow(e), now)).toBe("3m1s (x27 over 10m)");
  });

  it("OBJECT is lower-case kind/name; pods and nodes link to their pages, other kinds do not", () => {
    const pod = eventRow(ev({ reason: "Started", name: "web-1" }));
    expect(pod.object).toBe("pod/web-1");
    expect(objectHref(pod)).toBe("/pods/default/web-1");
    const node = eventRow(ev({ reason: "NodeNotReady", kind: "Node", name: "n1" }));
    expect(node.object).toBe("node/n1");
    expect(node.namespace).toBe("default"); // the Event object's own namespace when the node has none
    expect(objectHref(node)).toBe("/nodes/n1");
    expect(objectHref(eventRow(ev({ reason: "ScalingReplicaSet", kind: "Deployment", name: "web" })))).toBeNull();
  });

  it("warnings first, then newest first; filters by type, reason, object and namespace", () => {
    const list = [
      ev({ reason: "Pulled", lastTimestamp: "2026-01-01T00:09:59Z", name: "a" }),
      ev({ reason: "BackOff", type: "Warning", lastTimestamp: "2026-01-01T00:01:00Z", name: "b" }),
      ev({ reason: "Failed", type: "Warning", lastTimestamp: "2026-01-01T00:05:00Z", name: "c", ns: "kube-system" }),
      ev({ reason: "Scheduled", lastTimestamp: "2026-01-01T00:02:00Z", name: "d" }),
    ];
    expect(eventRows(list).map((r) => r.reason)).toEqual(["Failed", "BackOff", "Pulled", "Scheduled"]);
    expect(eventRows(list, { type: "Normal" }).map((r) => r.reason)).toEqual(["Pulled", "Scheduled"]);
    expect(eventRows(list, { reason: "back" }).map((r) => r.object)).toEqual(["pod/b"]);
    expect(eventRows(list, { object: "POD/C" }).map((r) => r.reason)).toEqual(["Failed"]);
    expect(eventRows(list, { namespace: "kube-system" }).map((r) => r.reason)).toEqual(["Failed"]);
  });

  it("an event without any time says so instead of '0s'", () => {
    expect(lastSeenText(eventRow(ev({ reason: "X" })), now)).toBe("<unknown>");
  });

  it("the scrubber's steps: each event's first and last sighting, sorted, once each; no time, no step", () => {
    const rows = [
      ev({ reason: "BackOff", count: 8, firstTimestamp: "2026-01-01T00:01:00Z", lastTimestamp: "2026-01-01T00:09:00Z" }),
      ev({ reason: "Pulled", firstTimestamp: "2026-01-01T00:01:00Z", lastTimestamp: "2026-01-01T00:01:00Z" }),
      ev({ reason: "Started", eventTime: "2026-01-01T00:00:30Z" }),
      ev({ reason: "Timeless" }),
    ].map((e) => eventRow(e));
    expect(eventChangeTimes(rows).map((t) => new Date(t).toISOString())).toEqual([
      "2026-01-01T00:00:30.000Z",
      "2026-01-01T00:01:00.000Z",
      "2026-01-01T00:09:00.000Z",
    ]);
  });
});
