/* global console, process */
// Sums the JSON reports of every vitest run and of Playwright into one closing line,
// "N passed, N failed", and fails when a report is missing for a package that has tests.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

let passed = 0, failed = 0, skipped = 0;
const missing = [];
for (const group of ["packages", "apps"]) {
  for (const name of readdirSync(group)) {
    const dir = join(group, name);
    if (!statSync(dir).isDirectory() || !existsSync(join(dir, "test"))) continue;
    const f = join(dir, "test-results.json");
    if (!existsSync(f)) { missing.push(dir); continue; }
    const r = JSON.parse(readFileSync(f, "utf8"));
    passed += r.numPassedTests ?? 0;
    failed += r.numFailedTests ?? 0;
    skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
    if ((r.numFailedTestSuites ?? 0) > 0 && (r.numFailedTests ?? 0) === 0) failed += r.numFailedTestSuites;
  }
}
// Suites with their own config write their own report next to the package's.
for (const f of ["packages/drain/fidelity-results.json"]) {
  if (!existsSync(f)) { missing.push(f); continue; }
  const r = JSON.parse(readFileSync(f, "utf8"));
  passed += r.numPassedTests ?? 0;
  failed += r.numFailedTests ?? 0;
  if ((r.numFailedTestSuites ?? 0) > 0 && (r.numFailedTests ?? 0) === 0) failed += r.numFailedTestSuites;
}
const pw = "artifacts/results/playwright.json";
if (existsSync(pw)) {
  const s = JSON.parse(readFileSync(pw, "utf8")).stats ?? {};
  passed += (s.expected ?? 0) + (s.flaky ?? 0);
  failed += s.unexpected ?? 0;
  skipped += s.skipped ?? 0;
}
for (const m of missing) console.log(`no test report from ${m}: its tests did not run`);
failed += missing.length;
console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(failed > 0 ? 1 : 0);
