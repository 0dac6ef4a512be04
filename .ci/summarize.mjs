// Sums the test counts of every suite (as-pect log, vitest JSON reports) into one line.
import { existsSync, readFileSync } from "node:fs";

const [dir, unitRc, browserRc, integrationRc] = process.argv.slice(2);
let passed = 0;
let failed = 0;

// as-pect's summary reporter prints "[Tests]: P / T" (ANSI colours stripped).
const log = existsSync(`${dir}/npm-test.log`) ? readFileSync(`${dir}/npm-test.log`, "utf8") : "";
const aspect = log.replace(/\x1b\[[0-9;]*m/g, "").match(/\[Tests\]:\s*(\d+)\s*\/\s*(\d+)/);
if (aspect) {
  passed += Number(aspect[1]);
  failed += Number(aspect[2]) - Number(aspect[1]);
} else {
  failed += 1; // the as-pect suite did not report
}

const suites = [["vitest.json", unitRc], ["vitest-browser.json", browserRc]];
if (integrationRc !== undefined) suites.push(["vitest-integration.json", integrationRc]);
for (const [name, rc] of suites) {
  const path = `${dir}/${name}`;
  if (!existsSync(path)) {
    failed += 1; // the suite did not run at all
    continue;
  }
  const report = JSON.parse(readFileSync(path, "utf8"));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  // A suite that failed to load, or whose setup hook failed (its tests then report as skipped),
  // counts as a failure even when no test inside it failed.
  failed += report.testResults.filter((r) => r.status === "failed" && !r.assertionResults.some((a) => a.status === "failed")).length;
  if (rc !== "0" && report.numFailedTests === 0 && report.numFailedTestSuites === 0) failed += 1;
}

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && suites.every(([, rc]) => rc === "0") ? 0 : 1);
