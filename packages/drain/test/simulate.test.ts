// The whole drain on the virtual clock: kubectl's cadence, the controllers' reactions, stalls, timeouts, rolling drains.
import { describe, expect, it } from "vitest";
import { simulateDrain, simulateRollingDrain, toDrainJson, toKubectlText, DrainInputError } from "../src/index";
import { cluster, deployment, NOW, pdb } from "./builders";

describe("simulateDrain", () => {
  it("retries a 429 every 5 s and evicts as soon as a replacement is Ready", () => {
    const s = cluster();
    const [a, b, c] = deployment(s, "web", ["n1", "n1", "n1"]);
    pdb(s, "web", { maxUnavailable: 1 });
    const r = simulateDrain(s, { node: "n1" }, NOW);
    const attempts = (k: string) => r.timeline.filter((e) => e.kind === "evict" && e.object === `pod/${k}`).map((e) => e.t);
    expect(attempts(a)).toEqual([0]);
    // The 429 comes 0.5 s after the request (its budget write conflicted, the API server read it again), so kubectl's
    // retries run on 0.5 + 5k; the two retries at 5.5 conflict again, the loser retries at 11.
    expect(attempts(b)).toEqual([0, 5.5]);
    expect(attempts(c)).toEqual([0, 5.5, 11]);
    expect(r.pods.map((p) => [p.attempts, p.evictedAt])).toEqual([
      [1, 0],
      [2, 5.5],
      [3, 11],
    ]);
    expect(r.timeline.filter((e) => e.kind === "evict-conflict").map((e) => `${e.t}:${e.object}`)).toEqual([
      `0:pod/${b}`,
      `0:pod/${c}`,
      `5.5:pod/${c}`,
    ]);
    expect(r.result).toBe("drained");
  });

  it("prints kubectl's lines in kubectl's order", () => {
    const s = cluster();
    deployment(s, "web", ["n1", "n1"]);
    pdb(s, "web", { maxUnavailable: 1 });
    const lines = simulateDrain(s, { node: "n1" }, NOW).kubectl.map((l) => `${l.t} ${l.stream} ${l.line}`);
    expect(lines).toEqual([
      "0 out node/n1 cordoned",
      "0 out evicting pod default/web-rs-0",
      "0 out evicting pod default/web-rs-1",
      `0.5 err error when evicting pods/"web-rs-1" -n "default" (will retry after 5s): Cannot evict pod as it would violate the pod's disruption budget.`,
      // Gone at 1 s; kubectl's poll at that same instant runs first (its requests precede controllers), so it sees it at 2 s.
      "2 out pod/web-rs-0 evicted",
      "5.5 out evicting pod default/web-rs-1",
      "7.5 out pod/web-rs-1 evicted",
      "7.5 out node/n1 drained",
    ]);
  });

  it("the disruption controller raises disruptionsAllowed again once a replacement is Ready", () => {
    const s = cluster();
    deployment(s, "web", ["n1", "n2", "n3"]);
    pdb(s, "web", { maxUnavailable: 1 });
    const r = simulateDrain(s, { node: "n1" }, NOW);
    const allowed = r.pdbSeries.filter((x) => x.pdb === "default/web").map((x) => `${x.t}:${x.disruptionsAllowed}`);
    expect(allowed[0]).toBe("0:1");
    expect(allowed).toContain("0:0");
    expect(allowed[allowed.length - 1]).toBe("2:1"); // replacement Ready 2 s after it was scheduled
  });

  it("detects a stall instead of waiting forever, and says which budget and why", () => {
    const s = cluster();
    deployment(s, "db", ["n1", "n2"]);
    pdb(s, "db", { minAvailable: 2 });
    const r = simulateDrain(s, { node: "n1" }, NOW);
    expect(r.result).toBe("stalled");
    expect(r.pods[0]).toMatchObject({
      outcome: "blocked",
      attempts: 1,
      pdb: "default/db",
      message: "Cannot evict pod as it would violate the pod's disruption budget.",
    });
    expect(r.findings.join("\n")).toContain("drain would stall: PDB default/db needs 2 healthy pods and has 2");
    expect(r.timeline.find((e) => e.kind === "evict-429")?.message).toContain(
      "The disruption budget db needs 2 healthy pods and has 2 currently",
    );
  });

  it("--timeout ends a blocked drain with kubectl's message, in Go duration form", () => {
    const s = cluster();
    deployment(s, "db", ["n1", "n2"]);
    pdb(s, "db", { minAvailable: 2 });
    const r = simulateDrain(s, { node: "n1", timeoutSeconds: 90 }, NOW);
    expect(r.result).toBe("timeout");
    expect(r.pods[0].attempts).toBe(18); // 0, 5, …, 85
    expect(r.endedAt).toBe(90);
    expect(toKubectlText(r)).toContain(`error: error when evicting pods/"db-rs-0" -n "default": global timeout reached: 1m30s`);
  });

  it("uses --grace-period over the pod's own terminationGracePeriodSeconds", () => {
    const s = cluster();
    deployment(s, "slow", ["n1"], { grace: 60, annotations: { "drain.podscope.dev/exit-after-sigterm-seconds": "never" } });
    const own = simulateDrain(s, { node: "n1" }, NOW);
    const flag = simulateDrain(s, { node: "n1", gracePeriodSeconds: 3 }, NOW);
    const gone = (r: typeof own) => r.timeline.find((e) => e.kind === "pod-gone")!.t;
    expect([gone(own), gone(flag)]).toEqual([60, 3]);
  });

  it("removes the pod from endpoints in parallel with termination", () => {
    const s = cluster();
    deployment(s, "web", ["n1"], { annotations: { "drain.podscope.dev/prestop-seconds": "5" } });
    const kinds = simulateDrain(s, { node: "n1" }, NOW)
      .timeline.filter((e) => e.object === "pod/default/web-rs-0")
      .map((e) => `${e.t}:${e.kind}`);
    expect(kinds).toEqual([
      "0:evict",
      "0:evict-accepted",
      "0:prestop",
      "1:endpoints-removed",
      "5:sigterm",
      "6:exited",
      "6:pod-gone",
      "7:kubectl-done",
    ]);
  });

  it("--disable-eviction deletes through budgets", () => {
    const s = cluster();
    deployment(s, "db", ["n1", "n2"]);
    pdb(s, "db", { minAvailable: 2 });
    const r = simulateDrain(s, { node: "n1", disableEviction: true }, NOW);
    expect(r.result).toBe("drained");
    expect(r.pods[0]).toMatchObject({ action: "delete", outcome: "deleted", pdb: "default/db" });
  });

  it("is deterministic and leaves the snapshot untouched", () => {
    const s = cluster();
    deployment(s, "web", ["n1", "n1", "n2"]);
    pdb(s, "web", { maxUnavailable: 1 });
    const before = JSON.stringify(s);
    const a = JSON.stringify(simulateDrain(s, { node: "n1" }, NOW));
    const b = JSON.stringify(simulateDrain(s, { node: "n1" }, NOW));
    expect(a).toBe(b);
    expect(JSON.stringify(s)).toBe(before);
  });

  it("JSON output has exactly the documented keys", () => {
    const s = cluster();
    deployment(s, "web", ["n1"]);
    const j = toDrainJson(simulateDrain(s, { node: "n1" }, NOW));
    expect(Object.keys(j)).toEqual(["node", "result", "errors", "warnings", "pods", "timeline", "findings"]);
    expect(Object.keys(j.pods[0])).toEqual(["pod", "action", "outcome", "pdb", "attempts", "message", "evictedAt"]);
    expect(Object.keys(j.timeline[0])).toEqual(["t", "kind", "object", "message"]);
  });

  it.each([
    [{ node: "nope" }, 'Error from server (NotFound): nodes "nope" not found'],
    [{ node: "n1", gracePeriodSeconds: -2 }, "invalid value for --grace-period: -2"],
    [{ node: "n1", podSelector: "a in (b" }, "invalid value for --pod-selector"],
    [{ node: "n1", timeoutSeconds: -1 }, "invalid value for --timeout: -1"],
  ])("rejects bad input %j", (req, msg) => {
    expect(() => simulateDrain(cluster(), req, NOW)).toThrow(DrainInputError);
    expect(() => simulateDrain(cluster(), req, NOW)).toThrow(msg);
  });
});

describe("several nodes", () => {
  it("rolling upgrade: each node is drained then uncordoned, and pods may move twice", () => {
    const s = cluster();
    deployment(s, "web", ["n1", "n2", "n3"], { cpu: "500m" });
    pdb(s, "web", { maxUnavailable: 1 });
    const r = simulateRollingDrain(s, { nodes: ["n1", "n2", "n3"], uncordonAfterDrain: true }, NOW);
    expect(r.nodes.map((n) => n.result)).toEqual(["drained", "drained", "drained"]);
    expect(r.timeline.filter((e) => e.kind === "uncordon").map((e) => e.object)).toEqual(["node/n1", "node/n2", "node/n3"]);
    // Each node's drain starts when the previous one ends.
    expect(r.nodes[1].startedAt).toBe(r.nodes[0].endedAt);
    expect(r.nodes[2].startedAt).toBe(r.nodes[1].endedAt);
  });

  it("kubectl drain n1 n2 cordons both first, so nothing lands on n2", () => {
    const s = cluster();
    deployment(s, "web", ["n1"]);
    const r = simulateRollingDrain(s, { nodes: ["n1", "n2"] }, NOW);
    expect(r.nodes[0].replacements.map((x) => x.node)).toEqual(["n3"]);
    expect(r.nodes[1].kubectl[0].line).toBe("node/n2 cordoned");
  });

  it("a stalled node keeps kubectl from reaching the next one", () => {
    const s = cluster();
    deployment(s, "db", ["n1", "n2"]);
    pdb(s, "db", { minAvailable: 2 });
    const r = simulateRollingDrain(s, { nodes: ["n1", "n3"] }, NOW);
    expect(r.nodes.map((n) => n.result)).toEqual(["stalled", "stalled"]);
    expect(r.nodes[1].findings[0]).toContain("never reached");
  });
});

describe("compareDrains", async () => {
  const { compareDrains } = await import("../src/index");
  it("shows what changes when the budget is loosened", () => {
    const tight = cluster();
    deployment(tight, "db", ["n1", "n2"]);
    pdb(tight, "db", { minAvailable: 2 });
    const loose = cluster();
    deployment(loose, "db", ["n1", "n2"]);
    pdb(loose, "db", { minAvailable: 1 });
    const c = compareDrains(toDrainJson(simulateDrain(tight, { node: "n1" }, NOW)), toDrainJson(simulateDrain(loose, { node: "n1" }, NOW)));
    expect(c.result).toEqual(["stalled", "drained"]);
    expect(c.pods).toEqual([{ pod: "default/db-rs-0", before: "evict/blocked, 1 attempt", after: "evict/evicted, 1 attempt, at 0s" }]);
    expect(c.summary[0]).toBe("result: stalled → drained");
    expect(c.summary.some((s) => s.startsWith("no longer: drain would stall"))).toBe(true);
  });
  it("reports no difference for the same rehearsal", () => {
    const s = cluster();
    deployment(s, "web", ["n1"]);
    const r = toDrainJson(simulateDrain(s, { node: "n1" }, NOW));
    expect(compareDrains(r, r).summary).toEqual(["no difference"]);
  });
});
