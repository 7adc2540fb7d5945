// The Overview's recent warnings link a live pod, a deleted pod's recorded history, or nothing when the pod is gone.
import { podListRow, type KubeEvent, type Pod } from "@podscope/core";
import { describe, expect, it } from "vitest";
import { warningTarget } from "../components/overview/warning-link";

const ev = (name: string, uid?: string, kind = "Pod"): KubeEvent => ({
  type: "Warning",
  reason: "BackOff",
  involvedObject: { kind, namespace: kind === "Pod" ? "default" : undefined, name, uid },
  metadata: { name: "e" },
});
const pod = (name: string, uid: string): Pod => ({ metadata: { name, namespace: "default", uid }, spec: { containers: [] } });

describe("recent warning links", () => {
  it("links a live pod's page", () => {
    expect(warningTarget(ev("web", "u1"), [podListRow(pod("web", "u1"))], [])).toEqual({
      label: "default/web",
      href: "/pods/default/web",
      gone: false,
    });
  });
  it("links a deleted pod's history by uid, even when a new pod took its name", () => {
    expect(warningTarget(ev("web", "u0"), [podListRow(pod("web", "u1"))], [{ pod: pod("web", "u0") }])).toEqual({
      label: "default/web",
      href: "/pods/default/web?uid=u0",
      gone: true,
    });
  });
  it("drops the link to a pod that is gone without history", () => {
    expect(warningTarget(ev("web", "u0"), [podListRow(pod("other", "u2"))], undefined)).toEqual({
      label: "default/web",
      href: null,
      gone: true,
    });
  });
  it("links a Node's warning to the node page, not to a pod", () => {
    expect(warningTarget(ev("n1", undefined, "Node"), [], [])).toEqual({ label: "node/n1", href: "/nodes/n1", gone: false });
  });
});
