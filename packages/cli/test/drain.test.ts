// `podscope drain` as a user runs it: a real process (tsx packages/cli/src/main.ts drain …) on scenario files.
// Checks the contract: exit codes, JSON shape on stdout only, kubectl's text, and readable bad-input errors.
import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { loadSnapshot, simulateDrain, toDrainJson } from "@podscope/drain";

const ROOT = join(import.meta.dirname, "..", "..", "..");
const SCENARIOS = join(ROOT, "packages", "drain", "scenarios");
const NOW = "2026-01-01T12:00:00Z";
const run = promisify(execFile);

async function podscope(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(join(ROOT, "node_modules", ".bin", "tsx"), ["packages/cli/src/main.ts", "drain", ...args], {
      cwd: ROOT,
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    if (typeof err.code !== "number") throw e;
    return { code: err.code, stdout: err.stdout ?? "", stderr: err.stderr ?? "" };
  }
}

const scenario = (name: string) => join(SCENARIOS, `${name}.yaml`);

describe("podscope drain", () => {
  it("prints the documented JSON for a drained node, identical to the library's result", async () => {
    const r = await podscope("n1", "--from", scenario("pdb-sequential-decrement"), "-o", "json", "--now", NOW);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    const json = JSON.parse(r.stdout);
    expect(Object.keys(json)).toEqual(["node", "result", "errors", "warnings", "pods", "timeline", "findings"]);
    expect(json.result).toBe("drained");
    expect(json.pods.map((p: { attempts: number }) => p.attempts)).toEqual([1, 2, 3]);
    const { readFileSync } = await import("node:fs");
    const { snapshot } = loadSnapshot(readFileSync(scenario("pdb-sequential-decrement"), "utf8"));
    expect(json).toEqual(JSON.parse(JSON.stringify(toDrainJson(simulateDrain(snapshot, { node: "n1" }, { now: NOW })))));
  });

  it("exits 0 for a refused drain too, with kubectl's errors in the JSON", async () => {
    const r = await podscope("n1", "--from", scenario("daemonset-refused"), "-o", "json", "--now", NOW);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.result).toBe("refused");
    expect(json.errors).toEqual(["cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): kube-system/kube-proxy-q2w8e"]);
    expect(json.pods.every((p: { outcome: string }) => p.outcome === "not-attempted")).toBe(true);
  });

  it("passes kubectl's flags through (--ignore-daemonsets, --timeout)", async () => {
    const a = JSON.parse(
      (await podscope("n1", "--from", scenario("daemonset-ignored"), "--ignore-daemonsets", "-o", "json", "--now", NOW)).stdout,
    );
    expect(a.result).toBe("drained");
    const b = JSON.parse((await podscope("n1", "--from", scenario("timeout"), "--timeout", "20s", "-o", "json", "--now", NOW)).stdout);
    expect(b.result).toBe("timeout");
    expect(b.pods[0].attempts).toBe(4);
  });

  it("prints kubectl's text then our findings with -o text (the default)", async () => {
    const r = await podscope("n1", "--from", scenario("pdb-min-available-equals-replicas"), "--now", NOW);
    expect(r.code).toBe(0);
    const lines = r.stdout.split("\n");
    expect(lines[0]).toBe("node/n1 cordoned");
    expect(lines).toContain(
      `error when evicting pods/"db-5d8f7c9b4-x7k2p" -n "default" (will retry after 5s): Cannot evict pod as it would violate the pod's disruption budget.`,
    );
    expect(r.stdout).toContain("Findings:\n- drain would stall: PDB default/db needs 3 healthy pods and has 3");
  });

  const dir = mkdtempSync(join(tmpdir(), "podscope-drain-"));
  const badYaml = join(dir, "bad.yaml");
  writeFileSync(badYaml, "apiVersion: v1\nkind: List\nitems:\n- kind: Node\n  metadata: {name: [n1\n");
  const cases: [string, string[], RegExp][] = [
    ["an unreadable file", ["n1", "--from", join(dir, "missing.yaml")], /^error: cannot read snapshot file ".*missing\.yaml": ENOENT/],
    ["a YAML error, with line and column", ["n1", "--from", badYaml], /^error: .*bad\.yaml:\d+:\d+: YAML error: /],
    ["an unknown node", ["n9", "--from", scenario("basic-drain")], /^Error from server \(NotFound\): nodes "n9" not found/],
    [
      "an invalid --timeout",
      ["n1", "--from", scenario("basic-drain"), "--timeout", "10"],
      /^error: invalid argument "10" for "--timeout" flag: time: missing unit in duration "10"/,
    ],
    [
      "an invalid --grace-period",
      ["n1", "--from", scenario("basic-drain"), "--grace-period", "soon"],
      /^error: invalid argument "soon" for "--grace-period" flag: not an integer/,
    ],
    [
      "an invalid --skip-wait-for-delete-timeout",
      ["n1", "--from", scenario("basic-drain"), "--skip-wait-for-delete-timeout=-3"],
      /must be ≥ 0/,
    ],
    [
      "an invalid --pod-selector",
      ["n1", "--from", scenario("basic-drain"), "--pod-selector", "app in (web"],
      /^error: invalid value for --pod-selector/,
    ],
    [
      "an invalid -o",
      ["n1", "--from", scenario("basic-drain"), "-o", "yaml"],
      /^error: invalid argument "yaml" for "-o" flag: must be json or text/,
    ],
    ["an unknown flag", ["n1", "--from", scenario("basic-drain"), "--evict-harder"], /^error: Unknown option '--evict-harder'/],
    ["no --from", ["n1"], /^error: --from FILE is required/],
    ["no node", ["--from", scenario("basic-drain")], /^error: a node name is required/],
  ];
  it.each(cases)("exits 2 on %s, with a clear message and nothing on stdout", async (_n, args, re) => {
    const r = await podscope(...args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(re);
    expect(r.stdout).toBe("");
  });
});
