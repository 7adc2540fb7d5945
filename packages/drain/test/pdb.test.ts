// The disruption controller's arithmetic: expected pods, desiredHealthy, currentHealthy, disruptionsAllowed.
import { describe, expect, it } from "vitest";
import type { PodDisruptionBudget } from "@podscope/core";
import { computePdbStatus, scaledValue, type PdbPodView, type ScaleOf } from "../src/pdb";

const rs = { apiVersion: "apps/v1", kind: "ReplicaSet", name: "web", uid: "r", controller: true };
const job = { apiVersion: "batch/v1", kind: "Job", name: "j", uid: "j", controller: true };
const pdb = (spec: PodDisruptionBudget["spec"]): PodDisruptionBudget => ({
  metadata: { name: "b", namespace: "ns" },
  spec: { selector: {}, ...spec },
});
const pods = (n: number, o: Partial<PdbPodView> = {}) =>
  Array.from({ length: n }, (_, i) => ({ name: `p${i}`, ready: true, terminating: false, controller: rs, ...o }));
const scale =
  (replicas: number): ScaleOf =>
  (ref) =>
    ref.kind === "ReplicaSet" ? replicas : undefined;

describe("PDB status", () => {
  const table: [string, PodDisruptionBudget["spec"], PdbPodView[], number, [number, number, number, number]][] = [
    // name, spec, pods, replicas → [expected, desired, current, allowed]
    ["minAvailable int counts selected pods", { minAvailable: 2 }, pods(3), 5, [3, 2, 3, 1]],
    ["minAvailable equal to pods", { minAvailable: 3 }, pods(3), 3, [3, 3, 3, 0]],
    ["minAvailable % uses controller scale, rounds up", { minAvailable: "50%" }, pods(3), 5, [5, 3, 3, 0]],
    ["minAvailable 30% of 4 → 2", { minAvailable: "30%" }, pods(4), 4, [4, 2, 4, 2]],
    ["maxUnavailable int", { maxUnavailable: 1 }, pods(3), 3, [3, 2, 3, 1]],
    ["maxUnavailable % rounds up (30% of 5 → 2)", { maxUnavailable: "30%" }, pods(5), 5, [5, 3, 5, 2]],
    ["maxUnavailable larger than scale → desired 0", { maxUnavailable: 7 }, pods(3), 3, [3, 0, 3, 3]],
    ["maxUnavailable 0", { maxUnavailable: 0 }, pods(2), 2, [2, 2, 2, 0]],
    [
      "unready pods are not healthy",
      { maxUnavailable: 1 },
      [...pods(2), { name: "u", ready: false, terminating: false, controller: rs }],
      3,
      [3, 2, 2, 0],
    ],
    [
      "terminating pods are not healthy",
      { minAvailable: 1 },
      [...pods(1), { name: "t", ready: true, terminating: true, controller: rs }],
      2,
      [2, 1, 1, 0],
    ],
    ["expected 0 → no disruption allowed", { maxUnavailable: 1 }, [], 0, [0, 0, 0, 0]],
    [
      "pods without controller are tolerated for % budgets",
      { maxUnavailable: 1 },
      [...pods(2), { name: "bare", ready: true, terminating: false }],
      2,
      [2, 1, 3, 2],
    ],
  ];
  it.each(table)("%s", (_n, spec, ps, replicas, [expected, desired, current, allowed]) => {
    const s = computePdbStatus(pdb(spec), ps, new Map(), 0, scale(replicas));
    expect([s.expectedPods, s.desiredHealthy, s.currentHealthy, s.disruptionsAllowed]).toEqual([expected, desired, current, allowed]);
    expect(s.reason).toBe(allowed > 0 ? "SufficientPods" : "InsufficientPods");
  });

  it("fails safe when a selected pod's controller has no scale (a Job under maxUnavailable)", () => {
    const s = computePdbStatus(pdb({ maxUnavailable: 1 }), pods(2, { controller: job }), new Map(), 0, scale(2));
    expect(s).toMatchObject({ disruptionsAllowed: 0, reason: "SyncFailed", message: 'found no controllers for pod "p0"' });
  });

  it("int minAvailable needs no controller lookup, so Job pods are fine", () => {
    const s = computePdbStatus(pdb({ minAvailable: 1 }), pods(2, { controller: job }), new Map(), 0, scale(2));
    expect(s.disruptionsAllowed).toBe(1);
  });

  it("disruptedPods entries stop counting after 2 minutes", () => {
    const disrupted = new Map([["p0", 10]]);
    const within = computePdbStatus(pdb({ maxUnavailable: 1 }), pods(3), disrupted, 130, scale(3));
    expect([within.currentHealthy, within.disruptionsAllowed, within.disruptedPods.has("p0")]).toEqual([2, 0, true]);
    const after = computePdbStatus(pdb({ maxUnavailable: 1 }), pods(3), disrupted, 130.5, scale(3));
    expect([after.currentHealthy, after.disruptionsAllowed, after.disruptedPods.has("p0")]).toEqual([3, 1, false]);
  });

  it("drops disruptedPods entries of pods already being deleted", () => {
    const s = computePdbStatus(
      pdb({ maxUnavailable: 1 }),
      [...pods(2), { name: "x", ready: true, terminating: true, controller: rs }],
      new Map([["x", 0]]),
      1,
      scale(3),
    );
    expect(s.disruptedPods.size).toBe(0);
  });

  it.each([
    [1, 10, 1],
    ["10%", 10, 1],
    ["15%", 10, 2],
    ["100%", 3, 3],
    ["0%", 5, 0],
  ] as const)("scaledValue(%s of %i) = %i", (v, total, want) => {
    expect(scaledValue(v, total)).toBe(want);
  });
});
