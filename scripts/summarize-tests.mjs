/* global console, process */
// Sums the JSON reports of every test runner scripts/test.sh runs into one closing line,
// "N passed, N failed". A runner whose report is missing, unreadable or says it could not run its
// tests (Playwright's webServer did not start, vitest found no test file) did not run: it is named
// and counted as failed, so the closing line never reads "0 failed" over tests that never ran.
// Run from the repository root (or any directory laid out like it: the tests use a temp one).
// `--clean` removes the reports instead, before a run: a report left from an earlier run must not
// stand in for a runner that did not run this time. Steps that are not test runners (typecheck, lint)
// write their name and exit status to FAILED_STEPS when they fail: each is named and counted as a failure
// too, so a lint error cannot hide behind "N passed, 0 failed".
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";

// Every runner test.sh runs, and where it writes its report. A new runner is added here and only here.
const RUNNERS = [
  // One vitest run per package with a test/ directory (turbo run test).
  ...["packages", "apps"].flatMap((group) =>
    (existsSync(group) ? readdirSync(group) : [])
      .map((name) => join(group, name))
      .filter((dir) => statSync(dir).isDirectory() && existsSync(join(dir, "test")))
      .map((dir) => ({ name: `vitest in ${dir}`, report: join(dir, "test-results.json"), format: "vitest" })),
  ),
  // Suites with their own config write their own report next to the package's.
  { name: "drain fidelity (vitest)", report: "packages/drain/fidelity-results.json", format: "vitest" },
  { name: "kubelet fidelity (vitest)", report: "packages/runtime/fidelity-results.json", format: "vitest" },
  // The browser tests run wherever there is a Playwright config.
  ...(existsSync("playwright.config.ts")
    ? [{ name: "Playwright", report: "artifacts/results/playwright.json", format: "playwright" }]
    : []),
];

/** One line per failed step, "NAME EXIT-STATUS", appended by test.sh. */
const FAILED_STEPS = "artifacts/results/failed-steps";

/** The first line of a failure message, short enough for the closing list. */
const firstLine = (message) =>
  String(message ?? "")
    .split("\n")
    .find((l) => l.trim() !== "")
    ?.trim()
    .slice(0, 200) ?? "";

/** Playwright nests specs in suites (one per file, one per describe); collects every spec with its file. */
function playwrightSpecs(suite, file = suite.file) {
  return [
    ...(suite.specs ?? []).map((spec) => ({ spec, file: spec.file ?? file })),
    ...(suite.suites ?? []).flatMap((s) => playwrightSpecs(s, s.file ?? file)),
  ];
}

/**
 * Counts from one report, the failed tests by name (CI shows only part of a long log, so the closing lines say
 * which tests failed and why), and the errors of the run itself (outside any test), each counted as a failure.
 */
const READERS = {
  vitest(r) {
    const failed = (r.numFailedTests ?? 0) || (r.numFailedTestSuites ?? 0);
    const failures = (r.testResults ?? []).flatMap((file) => {
      const tests = (file.assertionResults ?? []).filter((t) => t.status === "failed");
      const where = file.name ? file.name.replace(process.cwd() + "/", "") : "?";
      // A file that failed to load has no failed test of its own, only the file's message.
      if (tests.length === 0 && file.status === "failed") return [`${where}: ${firstLine(file.message)}`];
      return tests.map((t) => `${where} › ${t.fullName ?? t.title}: ${firstLine((t.failureMessages ?? [])[0])}`);
    });
    return {
      passed: r.numPassedTests ?? 0,
      failed,
      skipped: (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0),
      failures,
      // success is also false when no test file ran at all, which fails no test of its own.
      errors: r.success === false && failed === 0 ? ["no test file ran"] : [],
    };
  },
  playwright(r) {
    const s = r.stats ?? {};
    const failures = (r.suites ?? []).flatMap((suite) =>
      playwrightSpecs(suite)
        .filter(({ spec }) => spec.ok === false)
        .map(({ spec, file }) => {
          const result = (spec.tests ?? []).flatMap((t) => t.results ?? []).find((x) => x.status !== "passed");
          return `${file}:${spec.line} › ${spec.title}: ${firstLine(result?.error?.message)}`;
        }),
    );
    return {
      passed: (s.expected ?? 0) + (s.flaky ?? 0),
      failed: s.unexpected ?? 0,
      skipped: s.skipped ?? 0,
      failures,
      // Top-level errors stop the run before any test (a webServer that did not start, a bad config).
      errors: (r.errors ?? []).map((e) => String(e.message ?? e).split("\n")[0]),
    };
  },
};

if (process.argv.includes("--clean")) {
  for (const { report } of RUNNERS) rmSync(report, { force: true });
  rmSync(FAILED_STEPS, { force: true });
  process.exit(0);
}

let passed = 0,
  failed = 0,
  skipped = 0;
const problems = [];
const failures = [];
for (const { name, report, format } of RUNNERS) {
  if (!existsSync(report)) {
    problems.push(`${name} did not run: no report ${report}`);
    continue;
  }
  let c;
  try {
    c = READERS[format](JSON.parse(readFileSync(report, "utf8")));
  } catch (e) {
    problems.push(`${name}: unreadable report ${report} (${e.message})`);
    continue;
  }
  passed += c.passed;
  failed += c.failed;
  for (const f of c.failures) failures.push(`${name}: ${f}`);
  skipped += c.skipped;
  for (const e of c.errors) problems.push(`${name} stopped with an error: ${e}`);
}
if (existsSync(FAILED_STEPS))
  for (const line of readFileSync(FAILED_STEPS, "utf8")
    .split("\n")
    .filter((l) => l.trim())) {
    const [step, status] = line.trim().split(/\s+/);
    problems.push(`${step} failed (exit status ${status ?? "?"}): its output is above, under "== ${step}"`);
  }
if (failures.length > 0) console.log(`\nfailed:\n${failures.map((f) => `  ${f}`).join("\n")}`);
for (const p of problems) console.log(p);
failed += problems.length;
console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(failed > 0 ? 1 : 0);
