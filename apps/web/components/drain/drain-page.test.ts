// The drain page's pure parts: every shipped scenario's `# drain:` header becomes a form that runs, the form
// survives the URL, kubectl's --timeout parses as Go does, and the server's YAML error gives its line and column.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DRAIN_FLAGS, parseGoDuration, scenarioHeader } from "@podscope/drain";
import {
  commandLine,
  EMPTY_FORM,
  flagControls,
  formErrors,
  formFromHeader,
  formFromParams,
  kubectlFlags,
  toRequest,
  writeFormParams,
} from "./flags";
import { changedLines } from "./changed-lines";
import { rehearsalFromText } from "./rehearsal-file";
import { errorPosition, peekSnapshot } from "./snapshot-text";

const SCENARIOS = join(import.meta.dirname, "..", "..", "..", "..", "packages", "drain", "scenarios");

describe("scenario headers", () => {
  const files = readdirSync(SCENARIOS).filter((f) => f.endsWith(".yaml"));
  it("every shipped scenario's drain header parses into a form without errors, naming nodes its YAML has", () => {
    expect(files.length).toBeGreaterThanOrEqual(30);
    for (const f of files) {
      const text = readFileSync(join(SCENARIOS, f), "utf8");
      const form = formFromHeader(scenarioHeader(text).drain);
      expect(formErrors(form), f).toEqual({});
      const nodes = peekSnapshot(text).nodes;
      for (const n of form.nodes) expect(nodes, `${f}: node ${n}`).toContain(n);
    }
  });

  it("flags take their value after a space or '='; an unknown flag is refused", () => {
    const f = formFromHeader("n1 n2 --force --timeout 30s --grace-period=5 --pod-selector app=web --rolling");
    expect(toRequest(f)).toEqual({
      nodes: ["n1", "n2"],
      force: true,
      timeoutSeconds: 30,
      gracePeriodSeconds: 5,
      podSelector: "app=web",
      uncordonAfterDrain: true,
    });
    expect(commandLine(f)).toBe(
      "kubectl drain n1 n2 --force --grace-period=5 --timeout=30s --pod-selector='app=web'   # rolling: uncordon each node before the next",
    );
    expect(() => formFromHeader("n1 --chunk-size 2")).toThrow("unknown flag: --chunk-size");
  });
});

describe("form", () => {
  it("round-trips through the URL with kubectl's flag names", () => {
    const f = { ...EMPTY_FORM, nodes: ["n1", "n3"], ignoreDaemonSets: true, timeout: "1m30s", skipWaitForDeleteTimeout: "60" };
    const p = new URLSearchParams("source=local&run=1&force=1");
    writeFormParams(p, f);
    expect(p.toString()).toBe("source=local&run=1&nodes=n1%2Cn3&ignore-daemonsets=1&timeout=1m30s&skip-wait-for-delete-timeout=60");
    expect(formFromParams(p)).toEqual(f);
  });

  it("explains bad values in kubectl's terms (the flag table's words, as the CLI says them)", () => {
    expect(formErrors(EMPTY_FORM).nodes).toBe("pick at least one node to drain");
    const e = formErrors({ ...EMPTY_FORM, nodes: ["n1"], gracePeriod: "5s", timeout: "90", skipWaitForDeleteTimeout: "-1" });
    expect(e.gracePeriod).toBe('invalid argument "5s" for "--grace-period" flag: not an integer');
    expect(e.timeout).toBe('invalid argument "90" for "--timeout" flag: time: missing unit in duration "90"');
    expect(e.skipWaitForDeleteTimeout).toBe('invalid argument "-1" for "--skip-wait-for-delete-timeout" flag: must be ≥ 0');
    expect(formErrors({ ...EMPTY_FORM, nodes: ["n1"], gracePeriod: "-2" }).gracePeriod).toBe(
      'invalid argument "-2" for "--grace-period" flag: must be ≥ -1',
    );
    expect(formErrors({ ...EMPTY_FORM, nodes: ["n1"], timeout: "-5s" }).timeout).toContain("must be ≥ 0");
    // kubectl sends --grace-period=0 as it is; the form lets it through (a live cluster refuses it server-side).
    expect(formErrors({ ...EMPTY_FORM, nodes: ["n1"], gracePeriod: "0" })).toEqual({});
  });

  it("has one control per row of the flag table: checkboxes first, then text flags, with the table's words", () => {
    const controls = flagControls();
    expect(controls).toHaveLength(DRAIN_FLAGS.length);
    expect(controls.map((c) => c.label)).toEqual([
      "--force",
      "--ignore-daemonsets",
      "--delete-emptydir-data",
      "--disable-eviction",
      "rolling (uncordon after each)",
      "--grace-period",
      "--timeout",
      "--pod-selector",
      "--skip-wait-for-delete-timeout",
    ]);
    // Every control's key is a field of the form, so the page can bind it without naming it.
    for (const c of controls) expect(Object.keys(EMPTY_FORM), c.label).toContain(c.key);
    const placeholders = Object.fromEntries(controls.flatMap((c) => (c.kind === "text" ? [[c.label, c.placeholder]] : [])));
    expect(placeholders).toEqual({
      "--grace-period": "-1",
      "--timeout": "0s (forever)",
      "--pod-selector": "app=web",
      "--skip-wait-for-delete-timeout": "0",
    });
    expect(controls.find((c) => c.label === "--force")).toMatchObject({
      hint: "also delete pods no controller will recreate",
      help: "Continue even if there are pods that do not declare a controller.",
    });
  });

  it("gives a live drain kubectl's flags alone (no nodes, no --rolling)", () => {
    const f = { ...EMPTY_FORM, nodes: ["n1"], force: true, uncordonAfterDrain: true, timeout: "30s" };
    expect(kubectlFlags(f)).toEqual({ force: true, timeoutSeconds: 30 });
  });

  it("parses Go durations as time.ParseDuration does (@podscope/drain's, the one the form uses)", () => {
    expect(parseGoDuration("1m30s")).toBe(90);
    expect(parseGoDuration("1.5h")).toBe(5400);
    expect(parseGoDuration("0")).toBe(0);
    expect(parseGoDuration("250ms")).toBe(0.25);
    expect(() => parseGoDuration("30 seconds")).toThrow('time: unknown unit " seconds" in duration "30 seconds"');
    expect(() => parseGoDuration("")).toThrow("invalid duration");
  });
});

describe("snapshot text", () => {
  it("finds the Nodes in a List and in several documents, and where the YAML breaks", () => {
    expect(
      peekSnapshot(
        "kind: List\nitems:\n- kind: Node\n  metadata: {name: a}\n- kind: Pod\n  metadata: {name: p}\n---\nkind: Node\nmetadata: {name: b}\n",
      ),
    ).toEqual({ nodes: ["a", "b"], error: null });
    const broken = peekSnapshot("kind: Node\nmetadata:\n  name: n1\n---\nkind: Pod\nmetadata:\n  name: web\n   namespace: default\n");
    expect(broken.nodes).toEqual(["n1"]);
    expect(broken.error).toMatchObject({ line: 7, column: 9 });
    expect(peekSnapshot("")).toEqual({ nodes: [], error: null });
  });

  it("reads the line and column from the simulator's error message", () => {
    expect(errorPosition("snapshot:9:9: YAML error: Nested mappings are not allowed in compact mappings")).toEqual({ line: 9, column: 9 });
    expect(errorPosition('unknown node "n9"')).toBeNull();
  });

  it("shows what changed between two runs' YAML, ignoring comments and blank lines", () => {
    expect(changedLines("a: 1\n# x\nminAvailable: 2\n", "a: 1\n\nminAvailable: 1\n")).toEqual({
      removed: ["minAvailable: 2"],
      added: ["minAvailable: 1"],
    });
  });
});

describe("rehearsal files", () => {
  const one = { node: "n1", result: "drained", errors: [], warnings: [], pods: [], timeline: [], findings: [] };
  it("recognises a board export, a list of them and a rolling result; anything else is cluster text", () => {
    expect(rehearsalFromText(JSON.stringify(one))).toEqual([one]);
    expect(rehearsalFromText(JSON.stringify([one, { ...one, node: "n2" }]))?.map((d) => d.node)).toEqual(["n1", "n2"]);
    expect(rehearsalFromText(JSON.stringify({ nodes: [one], timeline: [], findings: [], endedAt: 3 }))).toEqual([one]);
    expect(rehearsalFromText(JSON.stringify({ apiVersion: "v1", kind: "List", items: [] }))).toBeNull();
    expect(rehearsalFromText("kind: Node\n")).toBeNull();
    expect(rehearsalFromText("{ broken")).toBeNull();
  });
});

describe("scenario picker groups and search", async () => {
  const { groupScenarios, matchesScenario, scenarioTopic, OTHER, TOPICS } = await import("./scenario-groups");
  const all = readdirSync(SCENARIOS)
    .filter((f) => f.endsWith(".yaml"))
    .map((f) => ({ name: f.replace(/\.yaml$/, ""), description: scenarioHeader(readFileSync(join(SCENARIOS, f), "utf8")).description }));

  it("every shipped scenario has a topic, and every topic has scenarios", () => {
    expect(all.filter((s) => scenarioTopic(s) === OTHER).map((s) => s.name)).toEqual([]);
    const groups = groupScenarios(all, "");
    expect(groups.map((g) => g.topic)).toEqual(TOPICS.map((t) => t.topic));
    expect(groups.reduce((n, g) => n + g.scenarios.length, 0)).toBe(all.length);
    expect(groups.find((g) => g.topic === "PodDisruptionBudgets")!.scenarios.map((s) => s.name)).toContain("pdb-sequential-decrement");
  });

  it("search matches every word in the name or the header's prose, case folded", () => {
    expect(groupScenarios(all, "PRESTOP").flatMap((g) => g.scenarios.map((s) => s.name))).toEqual([
      "prestop-overruns-grace",
      "prestop-sleep",
    ]);
    expect(
      matchesScenario(
        all.find((s) => s.name === "pdb-sequential-decrement")!,
        "dry-run taint",
      ),
    ).toBe(false);
    expect(
      matchesScenario(
        all.find((s) => s.name === "pdb-sequential-decrement")!,
        "server dry run",
      ),
    ).toBe(true);
    expect(groupScenarios(all, "no such thing at all")).toEqual([]);
  });
});
