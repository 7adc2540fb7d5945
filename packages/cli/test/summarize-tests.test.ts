// scripts/summarize-tests.mjs, the closing line of scripts/test.sh, run on report files laid out as a
// test run leaves them (its real input) in a temp directory: a runner that did not run is named and
// counted as failed, never summed as "0 failed".
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "./helpers";

const SCRIPT = join(ROOT, "scripts/summarize-tests.mjs");

const vitest = (passed: number, failed = 0) => ({
  numPassedTests: passed,
  numFailedTests: failed,
  numFailedTestSuites: failed ? 1 : 0,
  numPendingTests: 0,
  numTodoTests: 0,
  numTotalTestSuites: 1,
  success: failed === 0,
});
const playwright = (expected: number, unexpected = 0, errors: { message: string }[] = []) => ({
  suites: [],
  errors,
  stats: { expected, unexpected, flaky: 0, skipped: 0 },
});

/** A repository-shaped temp dir: two packages with tests, the drain and kubelet fidelity suites, a Playwright config. */
function layout(reports: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), "podscope-summary-"));
  for (const d of ["packages/core/test", "packages/drain/test", "packages/ui/src", "apps/web/app"])
    mkdirSync(join(dir, d), { recursive: true });
  writeFileSync(join(dir, "playwright.config.ts"), "export default {};\n");
  for (const [file, report] of Object.entries(reports)) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), typeof report === "string" ? report : JSON.stringify(report));
  }
  return dir;
}

function summarize(dir: string, ...args: string[]): { code: number; stdout: string } {
  try {
    return { code: 0, stdout: execFileSync("node", [SCRIPT, ...args], { cwd: dir, encoding: "utf8" }) };
  } catch (e) {
    const x = e as { status: number; stdout: string };
    return { code: x.status, stdout: x.stdout };
  }
}

const ALL = {
  "packages/core/test-results.json": vitest(10),
  "packages/drain/test-results.json": vitest(5),
  "packages/drain/fidelity-results.json": vitest(3),
  "packages/runtime/fidelity-results.json": vitest(2),
  "artifacts/results/playwright.json": playwright(23),
};

describe("the test summary", () => {
  it("sums every runner's report when all ran", () => {
    const r = summarize(layout(ALL));
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe("43 passed, 0 failed");
  });

  it("names Playwright and counts it failed when its report is missing", () => {
    const { "artifacts/results/playwright.json": _, ...rest } = ALL;
    const r = summarize(layout(rest));
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("Playwright did not run: no report artifacts/results/playwright.json\n");
    expect(r.stdout.trim().split("\n").pop()).toBe("20 passed, 1 failed");
  });

  it("counts Playwright failed when it stopped before any test (its webServer's port was taken)", () => {
    const message =
      "Error: http://127.0.0.1:7710/podscope-config is already used, make sure that nothing is running on the port/url or set reuseExistingServer:true in config.webServer.";
    const r = summarize(layout({ ...ALL, "artifacts/results/playwright.json": playwright(0, 0, [{ message }]) }));
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`Playwright stopped with an error: ${message}\n`);
    expect(r.stdout.trim().split("\n").pop()).toBe("20 passed, 1 failed");
  });

  it("names a package whose vitest report is missing, and an unreadable report", () => {
    const { "packages/drain/fidelity-results.json": _, ...rest } = ALL;
    const r = summarize(layout({ ...rest, "packages/core/test-results.json": "{ torn" }));
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^vitest in packages\/core: unreadable report packages\/core\/test-results\.json \(/m);
    expect(r.stdout).toContain("drain fidelity (vitest) did not run: no report packages/drain/fidelity-results.json\n");
    expect(r.stdout.trim().split("\n").pop()).toBe("30 passed, 2 failed");
  });

  it("sums failed tests of every runner", () => {
    const r = summarize(
      layout({ ...ALL, "packages/core/test-results.json": vitest(8, 2), "artifacts/results/playwright.json": playwright(20, 3) }),
    );
    expect(r.code).toBe(1);
    expect(r.stdout.trim()).toBe("38 passed, 5 failed");
  });

  it("names each failed test with the first line of its message (CI shows only part of a long log)", () => {
    const core = {
      ...vitest(8, 1),
      testResults: [
        {
          name: "/somewhere/packages/core/test/a.test.ts",
          status: "failed",
          assertionResults: [
            { status: "passed", fullName: "a works" },
            { status: "failed", fullName: "a breaks", failureMessages: ["AssertionError: expected 1 to be 2\n  at x"] },
          ],
        },
        { name: "/somewhere/packages/core/test/b.test.ts", status: "failed", message: "Cannot find module 'x'", assertionResults: [] },
      ],
    };
    const pw = {
      ...playwright(20, 1),
      suites: [
        {
          file: "nav.spec.ts",
          specs: [],
          suites: [
            {
              file: "nav.spec.ts",
              specs: [
                { title: "opens", ok: true, line: 3, tests: [] },
                {
                  title: "waits",
                  ok: false,
                  line: 9,
                  tests: [{ results: [{ status: "failed", error: { message: "\nTimeout 5000ms" } }] }],
                },
              ],
            },
          ],
        },
      ],
    };
    const r = summarize(layout({ ...ALL, "packages/core/test-results.json": core, "artifacts/results/playwright.json": pw }));
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      "vitest in packages/core: /somewhere/packages/core/test/a.test.ts › a breaks: AssertionError: expected 1 to be 2\n",
    );
    expect(r.stdout).toContain("vitest in packages/core: /somewhere/packages/core/test/b.test.ts: Cannot find module 'x'\n");
    expect(r.stdout).toContain("Playwright: nav.spec.ts:9 › waits: Timeout 5000ms\n");
    expect(r.stdout).not.toContain("opens");
    expect(r.stdout.trim().split("\n").pop()).toBe("38 passed, 2 failed");
  });

  it("expects no Playwright report where there is no Playwright config", () => {
    const { "artifacts/results/playwright.json": _, ...rest } = ALL;
    const dir = layout(rest);
    execFileSync("rm", [join(dir, "playwright.config.ts")]);
    expect(summarize(dir)).toEqual({ code: 0, stdout: "\n20 passed, 0 failed\n" });
  });

  it("--clean removes every report it would read, so a stale one cannot stand in for a run", () => {
    const dir = layout(ALL);
    expect(summarize(dir, "--clean").code).toBe(0);
    for (const f of Object.keys(ALL)) expect(existsSync(join(dir, f)), f).toBe(false);
    expect(summarize(dir).stdout.trim().split("\n").pop()).toBe("0 passed, 5 failed");
  });

  it("names a step that is not a test runner (lint, typecheck) when it failed, and counts it", () => {
    // What test.sh appends when `pnpm lint` exits 1: every test passed, yet the run did not.
    const r = summarize(layout({ ...ALL, "artifacts/results/failed-steps": "lint 1\n" }));
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('lint failed (exit status 1): its output is above, under "== lint"\n');
    expect(r.stdout.trim().split("\n").pop()).toBe("43 passed, 1 failed");
  });

  it("--clean removes the failed steps of an earlier run too", () => {
    const dir = layout({ ...ALL, "artifacts/results/failed-steps": "typecheck 2\n" });
    expect(summarize(dir, "--clean").code).toBe(0);
    expect(existsSync(join(dir, "artifacts/results/failed-steps"))).toBe(false);
  });
});
