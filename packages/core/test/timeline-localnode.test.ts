// The timeline and the explanations on a recording of a real pod: podscope's local node ran it on real
// containerd (a crash-looping container and one that ignores SIGTERM behind a preStop hook, then deleted
// with a 4 s grace period), and its status history and events were saved as they came out.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { explainPod } from "../src/explain";
import { buildTimeline, type TimelineLane } from "../src/timeline";
import type { KubeEvent, Pod, PodStatus } from "../src/types";

const rec = JSON.parse(readFileSync(new URL("./timeline-localnode-recording.json", import.meta.url), "utf8")) as {
  pod: Pod;
  history: { time: string; status: PodStatus }[];
  events: KubeEvent[];
};
const NOW = new Date("2026-11-27T03:09:34Z");
const m = buildTimeline({ pod: rec.pod, history: rec.history, events: rec.events, now: NOW });
const lane = (id: string) => m.lanes.find((l) => l.id === id) as TimelineLane;
const iso = (t: number) => new Date(t).toISOString().replace(".000Z", "Z");
const spans = (l: TimelineLane) => l.spans.map((s) => [s.state, iso(s.start), iso(s.end), s.label]);

describe("timeline of a real crash loop and termination (local node recording)", () => {
  it("the crash-looping container: four runs, an immediate restart, then back-off waits of 10 s and 20 s", () => {
    expect(spans(lane("container:crash"))).toEqual([
      ["running", "2026-11-27T03:08:52Z", "2026-11-27T03:08:53Z", "exit 1 · Error"],
      ["backoff", "2026-11-27T03:08:53Z", "2026-11-27T03:08:54Z", "back-off 1s"],
      ["running", "2026-11-27T03:08:54Z", "2026-11-27T03:08:55Z", "exit 1 · Error"],
      ["backoff", "2026-11-27T03:08:55Z", "2026-11-27T03:09:05Z", "back-off 10s"],
      ["running", "2026-11-27T03:09:05Z", "2026-11-27T03:09:06Z", "exit 1 · Error"],
      ["backoff", "2026-11-27T03:09:06Z", "2026-11-27T03:09:26Z", "back-off 20s"],
      ["running", "2026-11-27T03:09:26Z", "2026-11-27T03:09:27Z", "exit 1 · Error"],
      ["terminated", "2026-11-27T03:09:27Z", "2026-11-27T03:09:34Z", "terminated · exit 1 · Error"],
    ]);
    const waits = lane("container:crash").spans.filter((s) => s.state === "backoff");
    expect(waits.map((s) => s.reason)).toEqual([undefined, "CrashLoopBackOff", "CrashLoopBackOff"]);
    expect(waits[2].message).toMatch(/^back-off 20s restarting failed container=crash pod=tl_default\(/);
    expect(lane("container:crash").ticks.map((t) => [t.label, iso(t.time)])).toEqual([
      ["restart 1", "2026-11-27T03:08:54Z"],
      ["restart 2", "2026-11-27T03:09:05Z"],
      ["restart 3", "2026-11-27T03:09:26Z"],
    ]);
  });

  it("the container that ignores SIGTERM: preStop, TERM at the Killing event, KILL at the grace deadline (137)", () => {
    expect(spans(lane("container:stubborn"))).toEqual([
      ["running", "2026-11-27T03:08:52Z", "2026-11-27T03:09:31Z", "exit 137 · Error"],
      ["terminated", "2026-11-27T03:09:31Z", "2026-11-27T03:09:34Z", "terminated · exit 137 · Error"],
    ]);
    expect(spans(lane("hooks"))).toEqual([["hook", "2026-11-27T03:09:27Z", "2026-11-27T03:09:31Z", "preStop stubborn (end not reported)"]]);
    const signals = lane("signals");
    expect(spans(signals)).toEqual([["grace", "2026-11-27T03:09:26Z", "2026-11-27T03:09:30Z", "grace period 4s"]]);
    expect(signals.ticks.map((t) => [t.kind, t.container ?? null, iso(t.time)])).toEqual([
      ["deletion", null, "2026-11-27T03:09:26Z"],
      ["TERM", "crash", "2026-11-27T03:09:27Z"],
      ["TERM", "stubborn", "2026-11-27T03:09:27Z"],
      ["deadline", null, "2026-11-27T03:09:30Z"],
      ["KILL", "stubborn", "2026-11-27T03:09:31Z"],
    ]);
  });

  it("phase, readiness and events", () => {
    expect(lane("phase").spans.map((s) => s.state)).toEqual(["Pending", "Running", "Failed"]);
    expect(lane("condition:Ready").spans.map((s) => s.state)).toEqual(["True", "False", "True", "False", "True", "False"]);
    const backoff = m.markers.find((x) => x.reason === "BackOff")!;
    expect(backoff).toMatchObject({ type: "Warning", count: 5, container: "crash" });
    expect(m.markers).toHaveLength(rec.events.length);
    expect(m.warnings).toEqual([]);
  });

  it("while it waited 20 s, the explanation gave the step and the next restart time", () => {
    const waiting = rec.history.find((h) => h.status.containerStatuses?.[0]?.state?.waiting?.message?.startsWith("back-off 20s"))!;
    const p: Pod = { ...rec.pod, metadata: { ...rec.pod.metadata, deletionTimestamp: undefined }, status: waiting.status };
    const [e] = explainPod(p, new Date("2026-11-27T03:09:16Z"));
    expect(e).toMatchObject({
      kind: "CrashLoopBackOff",
      container: "crash",
      backoff: { restartCount: 2, step: 2, waitSeconds: 20, nextRestartAt: "2026-11-27T03:09:26.000Z", secondsUntilRestart: 10 },
    });
  });
});
