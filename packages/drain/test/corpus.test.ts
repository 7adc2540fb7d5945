// Every scenario in the corpus, run through the simulator, must meet the expectations in its header.
import { describe, expect, it } from "vitest";
import { loadSnapshot, simulateRollingDrain, toKubectlText, type DrainResult, type RollingDrainResult } from "../src/index";
import { loadScenarios, SCENARIO_NOW } from "./scenario-corpus";

const scenarios = loadScenarios();

function check(e: string, run: RollingDrainResult): void {
  const r: DrainResult = run.nodes[0];
  const text = run.nodes.map(toKubectlText).join("\n");
  const findings = run.nodes.flatMap((n) => n.findings);
  const [key, ...restParts] = e.split("=");
  const rest = restParts.join("=");
  if (e.startsWith("pod ")) {
    const [, pod, ...fields] = e.split(" ");
    const p = r.pods.find((x) => x.pod === pod);
    expect(p, `pod ${pod} in the report`).toBeDefined();
    for (const f of fields) {
      const [k, v] = f.split("=");
      expect(String((p as unknown as Record<string, unknown>)[k]), `${pod}.${k}`).toBe(v);
    }
    return;
  }
  switch (key) {
    case "result":
      expect(r.result).toBe(rest);
      break;
    case "results":
      expect(run.nodes.map((n) => n.result).join(",")).toBe(rest);
      break;
    case "error":
      expect(r.errors).toContain(rest);
      break;
    case "errors":
      expect(r.errors.length).toBe(Number(rest));
      break;
    case "warning":
      expect(r.warnings).toContain(rest);
      break;
    case "warnings":
      expect(r.warnings.length).toBe(Number(rest));
      break;
    case "pods":
      expect(r.pods.length).toBe(Number(rest));
      break;
    case "text":
      expect(text).toContain(rest);
      break;
    case "finding":
      expect(
        findings.some((f) => f.includes(rest)),
        `a finding containing "${rest}" in:\n${findings.join("\n")}`,
      ).toBe(true);
      break;
    case "replacements-ready":
      expect(r.replacements.filter((x) => x.readyAt !== null).length).toBe(Number(rest));
      break;
    case "replacement-node":
      expect(r.replacements.map((x) => x.node)).toEqual(r.replacements.map(() => rest));
      break;
    case "replacement-node-of": {
      const [of, node] = rest.split(":");
      expect(r.replacements.find((x) => x.replaces === of)?.node).toBe(node);
      break;
    }
    case "order": {
      const [a, b] = rest.split("<");
      const created = (k: string) => r.timeline.find((x) => x.kind === "replacement-created" && x.object === `pod/${k}`)?.t;
      expect(created(a), `${a} recreated`).toBeDefined();
      expect(created(b), `${b} recreated`).toBeDefined();
      expect(created(a)!).toBeLessThan(created(b)!);
      break;
    }
    case "same-time": {
      const ts = rest.split(",").map((k) => r.timeline.find((x) => x.kind === "replacement-created" && x.object === `pod/${k}`)?.t);
      expect(ts[0]).toBeDefined();
      expect(new Set(ts).size).toBe(1);
      break;
    }
    case "gap": {
      // gap=<a>,<b><=N or >=N: seconds between the two recreations.
      const m = /^([^,]+),([^<>]+)(<=|>=)([\d.]+)$/.exec(rest)!;
      const created = (k: string) => r.timeline.find((x) => x.kind === "replacement-created" && x.object === `pod/${k}`)?.t;
      const gap = created(m[2])! - created(m[1])!;
      if (m[3] === "<=") expect(gap).toBeLessThanOrEqual(Number(m[4]));
      else expect(gap).toBeGreaterThanOrEqual(Number(m[4]));
      break;
    }
    case "gone": {
      const [pod, t] = rest.split("@");
      expect(r.timeline.find((x) => x.kind === "pod-gone" && x.object === `pod/${pod}`)?.t).toBe(Number(t));
      break;
    }
    default:
      throw new Error(`unknown expectation "${e}"`);
  }
}

describe("scenario corpus", () => {
  it("has at least 30 scenarios, each with a header saying what it shows and what to expect", () => {
    expect(scenarios.length).toBeGreaterThanOrEqual(30);
    for (const s of scenarios) {
      expect(s.title.length, s.file).toBeGreaterThan(20);
      expect(s.expect.length, s.file).toBeGreaterThan(0);
    }
  });

  for (const s of scenarios) {
    it(`${s.file}: ${s.title}`, () => {
      const { snapshot } = loadSnapshot(s.text, s.file);
      const run = simulateRollingDrain(snapshot, s.request, { now: SCENARIO_NOW });
      for (const e of s.expect) check(e, run);
    });
  }
});
