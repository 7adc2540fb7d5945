// boardAt: every part of the drain board at one instant of the virtual clock, on real rehearsals of the shipped
// scenarios (simulateDrain's full result, as the web page gets it) — scrubbing back never shows the end state.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadSnapshot, parseDrainArgs, requestFromCommand, scenarioHeader, simulateRollingDrain } from "@podscope/drain";
import { boardAt, boardTime, buildLanes, replacedPods, type DrainBoardData } from "../src/drain";

const SCENARIOS = join(import.meta.dirname, "..", "..", "drain", "scenarios");

/** The scenario drained as its header says (extra flags appended), the first node's result. */
function rehearse(name: string, ...extra: string[]): DrainBoardData {
  const text = readFileSync(join(SCENARIOS, `${name}.yaml`), "utf8");
  const args = [...scenarioHeader(text).drain.split(/\s+/).filter(Boolean), ...extra];
  return simulateRollingDrain(loadSnapshot(text).snapshot, requestFromCommand(parseDrainArgs(args)), { now: "2026-01-01T12:00:00Z" })
    .nodes[0];
}

const row = (b: ReturnType<typeof boardAt>, suffix: string) => b.rows.find((r) => r.pod.endsWith(suffix))!;

describe("boardAt on pdb-sequential-decrement (one eviction per 5 s retry)", () => {
  const d = rehearse("pdb-sequential-decrement");

  it("at 0 s: draining, the third pod's request is waiting on the budget, nothing is decided, no findings", () => {
    const b = boardAt(d, 0);
    expect(b.badge).toBe("draining");
    expect(b.final).toBe(false);
    expect(row(b, "b6t3w")).toMatchObject({ outcome: "evicted", outcomeText: "evicted at 0s", attempts: 1 });
    expect(row(b, "x7k2p")).toMatchObject({ outcome: null, outcomeText: "—", attempts: 1, now: "evicting (budget read again)" });
    expect(row(b, "x7k2p").lastAnswer).toContain("409 inside the API server");
    expect(b.findings).toBeNull();
    expect(b.kubectl.map((l) => l.line)).not.toContain("node/n1 drained");
  });

  it("at 7 s: NOW blocked beside a 429 as the last answer (not the final 'granted'), two attempts so far", () => {
    const b = boardAt(d, 7);
    expect(b.badge).toBe("draining");
    const x = row(b, "x7k2p");
    expect(x.now).toBe("blocked (429)");
    expect(x.lastAnswer).toMatch(/^Cannot evict pod as it would violate the pod's disruption budget/);
    expect(x.attempts).toBe(2);
    expect(x.outcome).toBeNull();
    expect(row(b, "m4q9z")).toMatchObject({
      outcomeText: "evicted at 5.5s",
      lastAnswer: "eviction granted: within the budget of default/web",
    });
    expect(b.gauges[0]).toMatchObject({ pdb: "default/web", disruptionsAllowed: 0 });
  });

  it("at the end: the result, every outcome, the findings and kubectl's last line", () => {
    const b = boardAt(d, b0end(d));
    expect(b.badge).toBe("drained");
    expect(row(b, "x7k2p")).toMatchObject({
      outcomeText: "evicted at 11s",
      attempts: 3,
      lastAnswer: "eviction granted: within the budget of default/web",
    });
    expect(b.findings?.some((f) => f.startsWith("n1 drained in 13 s"))).toBe(true);
    expect(b.kubectl.at(-1)?.line).toBe("node/n1 drained");
  });
});

function b0end(d: DrainBoardData) {
  return boardAt(d, 0).end;
}

describe("boardAt on other endings", () => {
  it("a stalled drain is 'draining' until the stall is known, then 'stalled'; a budget below desired is called out", () => {
    const d = rehearse("pending-no-capacity");
    expect(boardAt(d, 5).badge).toBe("draining");
    expect(boardAt(d, 5.5).badge).toBe("stalled");
    // --disable-eviction deletes a pod under minAvailable=3 of 3: 2 healthy at 0 s, 3 again once its replacement is Ready.
    const below = rehearse("disable-eviction");
    expect(boardAt(below, 0).gauges).toEqual([
      expect.objectContaining({ pdb: "default/db", currentHealthy: 2, desiredHealthy: 3, belowDesired: true }),
    ]);
    expect(boardAt(below, 2).gauges).toEqual([expect.objectContaining({ currentHealthy: 3, belowDesired: false })]);
  });

  it("a refusal is known at 0 s: errors and findings show there; the refused pod carries kubectl's words", () => {
    const b = boardAt(rehearse("unmanaged-refused"), 0);
    expect(b.badge).toBe("refused");
    expect(b.errors[0]).toContain("declare no controller");
    expect(b.rows[0]).toMatchObject({ outcome: "not-attempted", now: "running", attempts: 0 });
    expect(b.rows[0].lastAnswer).toContain("declare no controller");
  });

  it("kubectl's warnings show from the instant it prints them; ignored pods are decided from the start", () => {
    const b = boardAt(rehearse("daemonset-ignored"), 0);
    expect(b.warnings).toEqual(["ignoring DaemonSet-managed Pods: kube-system/kube-proxy-q2w8e"]);
    expect(row(b, "kube-proxy-q2w8e")).toMatchObject({ outcome: "ignored", lastAnswer: "ignoring DaemonSet-managed Pods" });
  });

  it("a pod that had failed before the drain reads failed with its reason until a request touches it", () => {
    const d = rehearse("unmanaged-refused");
    const withStatus: DrainBoardData = { ...d, startStatus: { "default/debug": { phase: "Failed", reason: "OOMKilled" } } };
    expect(boardAt(withStatus, 0).rows[0].now).toBe("failed (OOMKilled)");
    expect(boardAt({ ...d, startStatus: { "default/debug": { phase: "Running", reason: "Running" } } }, 0).rows[0].now).toBe("running");
  });
});

describe("replacement captions", () => {
  it("under --disable-eviction each of the three replacements names a different deleted pod, shortened to fit", () => {
    const d = rehearse("pdb-sequential-decrement", "--disable-eviction");
    const pairs = replacedPods(d);
    expect(new Set(pairs.values())).toEqual(new Set(d.pods.map((p) => p.pod)));
    const lanes = buildLanes(d).filter((l) => l.role === "replacement");
    expect(lanes).toHaveLength(3);
    expect(new Set(lanes.map((l) => l.subtitle.replace(/ → .*/, ""))).size).toBe(3);
    for (const l of lanes) expect(l.subtitle).toMatch(/^replaces web-5d8f7c9b4-\w+ → n\d$/);
  });

  it("one eviction at a time keeps the pod the simulator names", () => {
    const d = rehearse("pdb-sequential-decrement");
    for (const r of d.replacements ?? []) expect(replacedPods(d).get(r.pod)).toBe(r.replaces);
  });
});

describe("boardTime", () => {
  it("is core's humanDuration, keeping a tenth of a second under two minutes", () => {
    expect([0, 5.5, 13, 119.5, 181, 3600].map(boardTime)).toEqual(["0s", "5.5s", "13s", "119.5s", "3m1s", "60m"]);
  });
});
