// Sums the test counts of every suite (as-pect log, vitest JSON reports) into one line.
import { existsSync, readFileSync } from "node:fs";

const [dir, unitRc, browserRc] = process.argv.slice(2);
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

for (const [name, rc] of [["vitest.json", unitRc], ["vitest-browser.json", browserRc]]) {
  const path = `${dir}/${name}`;
  if (!existsSync(path)) {
    failed += 1; // the suite did not run at all
    continue;
  }
  const report = JSON.parse(readFileSync(path, "utf8"));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  // A suite that failed to load counts as a failure even when no test inside it ran.
  failed += report.testResults.filter((r) => r.status === "failed" && r.assertionResults.length === 0).length;
  if (rc !== "0" && report.numFailedTests === 0 && report.numFailedTestSuites === 0) failed += 1;
}

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && unitRc === "0" && browserRc === "0" ? 0 : 1);
