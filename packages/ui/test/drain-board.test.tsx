// DrainBoard: the lane model over the virtual clock, and server-rendered markup for a real rehearsal
// (the JSON printed by `podscope drain -o json`, spawned as a process).
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import {
  buildLanes,
  DrainBoard,
  endTime,
  kubectlUntil,
  nextStep,
  pdbGaugesAt,
  podStateAt,
  previousStep,
  type DrainBoardData,
} from "../src/drain";

// A small rehearsal written by hand: two pods under one PDB, the second blocked once, one replacement.
const data: DrainBoardData = {
  node: "n1",
  result: "drained",
  errors: [],
  warnings: [],
  pods: [
    { pod: "default/a", action: "evict", outcome: "evicted", pdb: "default/web", attempts: 1, message: "", evictedAt: 0 },
    { pod: "default/b", action: "evict", outcome: "evicted", pdb: "default/web", attempts: 2, message: "", evictedAt: 5 },
  ],
  timeline: [
    { t: 0, kind: "cordon", object: "node/n1", message: "" },
    { t: 0, kind: "evict", object: "pod/default/a", message: "#1" },
    { t: 0, kind: "evict-accepted", object: "pod/default/a", message: "ok" },
    { t: 0, kind: "evict", object: "pod/default/b", message: "#1" },
    { t: 0, kind: "evict-429", object: "pod/default/b", message: "Cannot evict pod as it would violate the pod's disruption budget." },
    { t: 0, kind: "replacement-created", object: "pod/default/a2", message: "created by ReplicaSet web-1 to replace default/a" },
    { t: 0, kind: "scheduled", object: "pod/default/a2", message: "Successfully assigned default/a2 to n2" },
    { t: 0, kind: "prestop", object: "pod/default/a", message: "preStop hook runs for 3s" },
    { t: 1, kind: "endpoints-removed", object: "pod/default/a", message: "" },
    { t: 2, kind: "ready", object: "pod/default/a2", message: "Ready on node n2" },
    { t: 3, kind: "sigterm", object: "pod/default/a", message: "" },
    { t: 4, kind: "pod-gone", object: "pod/default/a", message: "" },
    { t: 5, kind: "evict", object: "pod/default/b", message: "#2" },
    { t: 5, kind: "evict-accepted", object: "pod/default/b", message: "ok" },
    { t: 5, kind: "sigterm", object: "pod/default/b", message: "" },
    { t: 35, kind: "sigkill", object: "pod/default/b", message: "grace period of 30s over" },
    { t: 35, kind: "pod-gone", object: "pod/default/b", message: "" },
  ],
  findings: ["n1 drained in 36 s"],
  kubectl: [
    { t: 0, stream: "out", line: "node/n1 cordoned" },
    { t: 0, stream: "err", line: "error when evicting …" },
    { t: 36, stream: "out", line: "node/n1 drained" },
  ],
  pdbSeries: [
    { t: 0, pdb: "default/web", desiredHealthy: 2, currentHealthy: 3, disruptionsAllowed: 1, expectedPods: 3 },
    { t: 0, pdb: "default/web", desiredHealthy: 2, currentHealthy: 2, disruptionsAllowed: 0, expectedPods: 3 },
    { t: 2, pdb: "default/web", desiredHealthy: 2, currentHealthy: 3, disruptionsAllowed: 1, expectedPods: 3 },
  ],
  replacements: [{ pod: "default/a2", replaces: "default/a", node: "n2", readyAt: 2, pendingReason: null }],
  endedAt: 36,
};

describe("drain board model", () => {
  it("draws a lane per pod with its 429 wait, preStop, grace period and SIGKILL, then the replacements", () => {
    const lanes = buildLanes(data);
    expect(lanes.map((l) => [l.id, l.role])).toEqual([
      ["default/a", "drained"],
      ["default/b", "drained"],
      ["default/a2", "replacement"],
    ]);
    expect(lanes[0].segments.map((s) => `${s.kind}:${s.from}-${s.to}`)).toEqual(["prestop:0-3", "terminating:3-4"]);
    expect(lanes[1].segments.map((s) => `${s.kind}:${s.from}-${s.to}`)).toEqual(["blocked:0-5", "terminating:5-35", "killed:35-35"]);
    expect(lanes[1].markers.filter((m) => m.kind === "evict").map((m) => m.t)).toEqual([0, 5]);
    expect(lanes[2].segments.map((s) => `${s.kind}:${s.from}-${s.to}`)).toEqual(["pending:0-0", "starting:0-2", "ready:2-36"]);
  });

  it("steps between instants where something happens, and scrubs PDB gauges and kubectl output", () => {
    expect(endTime(data)).toBe(36);
    expect([nextStep(data, 0), nextStep(data, 2), nextStep(data, 35), previousStep(data, 5)]).toEqual([1, 3, 36, 4]);
    expect(pdbGaugesAt(data, 1)[0]).toMatchObject({ currentHealthy: 2, disruptionsAllowed: 0 });
    expect(pdbGaugesAt(data, 2)[0]).toMatchObject({ currentHealthy: 3, disruptionsAllowed: 1 });
    expect(kubectlUntil(data, 10).map((l) => l.line)).toEqual(["node/n1 cordoned", "error when evicting …"]);
    expect([podStateAt(data, "default/b", 1), podStateAt(data, "default/b", 6), podStateAt(data, "default/b", 36)]).toEqual([
      "blocked (429)",
      "terminating (SIGTERM)",
      "gone",
    ]);
  });

  it("renders the plan, lanes, gauges and findings at the chosen time", () => {
    const html = renderToStaticMarkup(<DrainBoard data={data} initialTime={1} />);
    expect(html).toContain('data-result="draining"'); // the outcome is known at the end, not at 1 s
    expect(html).toContain('data-pod="default/b"');
    expect(html).toContain("blocked (429)");
    expect(html).toContain('data-lane="default/a2"');
    expect(html).toContain('data-segment="killed"');
    expect(html).toContain("0 disruptions allowed");
    expect(html).not.toContain("n1 drained in 36 s"); // the findings describe the end state
    expect(html).not.toContain("node/n1 drained"); // kubectl has not printed that by t=1
    const atEnd = renderToStaticMarkup(<DrainBoard data={data} />);
    expect(atEnd).toContain('data-result="drained"');
    expect(atEnd).toContain("n1 drained in 36 s");
    expect(atEnd).toContain("node/n1 drained");
  });
});

describe("drain board on a real rehearsal", () => {
  it("renders the JSON that `podscope drain -o json` prints", async () => {
    const root = join(import.meta.dirname, "..", "..", "..");
    const { stdout } = await promisify(execFile)(
      join(root, "node_modules", ".bin", "tsx"),
      [
        "packages/cli/src/main.ts",
        "drain",
        "n1",
        "--from",
        "packages/drain/scenarios/pending-no-capacity.yaml",
        "-o",
        "json",
        "--now",
        "2026-01-01T12:00:00Z",
      ],
      { cwd: root, timeout: 60_000 },
    );
    const real = JSON.parse(stdout) as DrainBoardData;
    const lanes = buildLanes(real);
    expect(lanes.filter((l) => l.role === "drained")).toHaveLength(real.pods.length);
    const replacement = lanes.find((l) => l.role === "replacement")!;
    expect(replacement.segments[0]).toMatchObject({ kind: "pending" });
    expect(replacement.segments[0].label).toContain("0/3 nodes are available");
    // The JSON carries no pdbSeries: the gauges come from the timeline's pdb-status entries.
    expect(pdbGaugesAt(real, 0)[0]).toMatchObject({ pdb: "default/big", desiredHealthy: 3, disruptionsAllowed: 0 });
    const html = renderToStaticMarkup(<DrainBoard data={real} />);
    expect(html).toContain('data-result="stalled"');
    expect(html).toContain('data-segment="blocked"');
  });
});

describe("drain board export", async () => {
  const { exportRehearsal } = await import("../src/drain");
  it("writes a JSON file that opens again with the same lanes", () => {
    const again = JSON.parse(exportRehearsal(data)) as DrainBoardData;
    expect(buildLanes(again)).toEqual(buildLanes(data));
  });
});

describe("drain board markup at the playhead", () => {
  it("a budget below its desired healthy count is called out; captions are shortened inside a clipped label column", () => {
    const below: DrainBoardData = {
      ...data,
      pdbSeries: [{ t: 0, pdb: "default/web", desiredHealthy: 3, currentHealthy: 2, disruptionsAllowed: 0, expectedPods: 3 }],
    };
    const html = renderToStaticMarkup(<DrainBoard data={below} initialTime={0} />);
    expect(html).toContain('data-below="true"');
    expect(html).toContain("Below desired: 2 healthy of the 3 required");
    const long: DrainBoardData = {
      ...data,
      timeline: data.timeline.map((e) =>
        e.kind === "replacement-created" ? { ...e, message: `created by ReplicaSet web-1 to replace default/a${"x".repeat(80)}` } : e,
      ),
    };
    const svg = renderToStaticMarkup(<DrainBoard data={long} />);
    expect(svg).toMatch(/<g clip-path="url\(#drain-labels-[^"]+\)" data-lane-label/);
    expect(svg).toContain("…</text>");
  });
});
