// The eviction subresource's rules, including why a server dry-run cannot show a sequential drain.
import { describe, expect, it } from "vitest";
import { evaluateEviction, MULTIPLE_PDBS, VIOLATES_BUDGET, type PdbStatusView } from "../src/eviction";

const budget = (o: Partial<PdbStatusView> = {}): PdbStatusView => ({
  name: "web",
  generation: 1,
  observedGeneration: 1,
  disruptionsAllowed: 1,
  currentHealthy: 3,
  desiredHealthy: 2,
  disruptedPods: new Map(),
  ...o,
});
const running = { name: "p", phase: "Running", ready: true, terminating: false };

describe("eviction API", () => {
  it.each([["Pending"], ["Succeeded"], ["Failed"]])("a %s pod is deleted without any PDB check", (phase) => {
    const b = budget({ disruptionsAllowed: 0 });
    expect(evaluateEviction({ ...running, phase }, [b, budget()], 0).code).toBe(201);
    expect(b.disruptionsAllowed).toBe(0);
  });

  it("an already terminating pod is deleted without a PDB check", () => {
    expect(evaluateEviction({ ...running, terminating: true }, [budget({ disruptionsAllowed: 0 })], 0)).toMatchObject({
      code: 201,
      usedBudget: false,
    });
  });

  it("more than one PDB → 500 with the verbatim message", () => {
    expect(evaluateEviction(running, [budget(), budget({ name: "other" })], 0)).toEqual({ code: 500, message: MULTIPLE_PDBS });
    expect(MULTIPLE_PDBS).toBe("This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.");
  });

  it("no PDB → deleted", () => {
    expect(evaluateEviction(running, [], 0)).toMatchObject({ code: 201, usedBudget: false });
  });

  it("429 with the verbatim message and the cause naming the budget's numbers", () => {
    expect(evaluateEviction(running, [budget({ disruptionsAllowed: 0, desiredHealthy: 2, currentHealthy: 2 })], 0)).toEqual({
      code: 429,
      message: "Cannot evict pod as it would violate the pod's disruption budget.",
      cause: "The disruption budget web needs 2 healthy pods and has 2 currently",
    });
    expect(VIOLATES_BUDGET).toMatch(/^Cannot evict pod/);
  });

  it("a budget not yet observed at its generation → 429 'still being processed'", () => {
    expect(evaluateEviction(running, [budget({ generation: 2, observedGeneration: 1 })], 0)).toEqual({
      code: 429,
      message: "The disruption budget web is still being processed by the server.",
    });
  });

  const unready = { ...running, ready: false };
  it.each([
    [
      "AlwaysAllow, budget exhausted",
      { unhealthyPodEvictionPolicy: "AlwaysAllow", disruptionsAllowed: 0, currentHealthy: 1, desiredHealthy: 2 },
      201,
    ],
    [
      "IfHealthyBudget, healthy budget",
      { unhealthyPodEvictionPolicy: "IfHealthyBudget", disruptionsAllowed: 0, currentHealthy: 2, desiredHealthy: 2 },
      201,
    ],
    ["unset policy, healthy budget", { disruptionsAllowed: 0, currentHealthy: 3, desiredHealthy: 2 }, 201],
    ["unset policy, unhealthy budget", { disruptionsAllowed: 0, currentHealthy: 1, desiredHealthy: 2 }, 429],
    ["unset policy, desiredHealthy 0 falls through to the budget", { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0 }, 429],
  ] as const)("unready pod: %s → %i", (_n, o, code) => {
    const b = budget(o as Partial<PdbStatusView>);
    const ans = evaluateEviction(unready, [b], 0);
    expect(ans.code).toBe(code);
    if (code === 201) expect(ans).toMatchObject({ usedBudget: false });
  });

  it("decrements sequentially: three requests against disruptionsAllowed=1 → one granted, two 429", () => {
    const b = budget({ disruptionsAllowed: 1 });
    const answers = ["a", "b", "c"].map((name, i) => evaluateEviction({ ...running, name }, [b], i).code);
    expect(answers).toEqual([201, 429, 429]);
    expect(b.disruptionsAllowed).toBe(0);
    expect([...b.disruptedPods.keys()]).toEqual(["a"]);
  });

  it("a dry run never writes the decrement: all three look allowed", () => {
    const b = budget({ disruptionsAllowed: 1 });
    const answers = ["a", "b", "c"].map((name) => evaluateEviction({ ...running, name }, [b], 0, true).code);
    expect(answers).toEqual([201, 201, 201]);
    expect(b.disruptionsAllowed).toBe(1);
    expect(b.disruptedPods.size).toBe(0);
  });
});

describe("server dry-run answers for a whole node", async () => {
  const { serverDryRunAnswers, simulateDrain } = await import("../src/index");
  const { cluster, deployment, pdb, NOW } = await import("./builders");
  it("says every pod may go where the sequential drain gets 429s", () => {
    const s = cluster();
    deployment(s, "web", ["n1", "n1", "n1"]);
    pdb(s, "web", { maxUnavailable: 1 });
    expect(serverDryRunAnswers(s, { node: "n1" }, NOW).map((a) => a.code)).toEqual([201, 201, 201]);
    expect(simulateDrain(s, { node: "n1" }, NOW).pods.map((p) => p.attempts)).toEqual([1, 2, 3]);
  });
});
