// The end of .ci/run: one line per Node line with its counts and time, the tests that failed on it,
// then the combined count alone on the last line. Reads vitest's JSON reports, never its text.
//   node .ci/summary.mjs .tmp/leg-node20.json .tmp/leg-node22.json ...
import { existsSync, readFileSync } from "node:fs";
import { relative } from "node:path";

const duration = (seconds) => `${Math.floor(seconds / 60)}m ${String(seconds % 60).padStart(2, "0")}s`;
const total = { passed: 0, failed: 0, skipped: 0 };
const failures = [];
const lines = [];

for (const file of process.argv.slice(2)) {
  const leg = JSON.parse(readFileSync(file, "utf8"));
  const name = `Node ${leg.node}`;
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  if (existsSync(leg.report)) {
    const report = JSON.parse(readFileSync(leg.report, "utf8"));
    passed = report.numPassedTests;
    failed = report.numFailedTests;
    skipped = report.numPendingTests + (report.numTodoTests ?? 0);
    for (const suite of report.testResults) {
      const path = relative(process.cwd(), suite.name);
      const broken = suite.assertionResults.filter((test) => test.status === "failed");
      for (const test of broken) failures.push(`${name}: ${path} > ${test.fullName}`);
      // A file that failed without a failed test (it did not load, or an error escaped a test).
      if (suite.status === "failed" && broken.length === 0) {
        failed += 1;
        failures.push(`${name}: ${path}: ${(suite.message || "failed").split("\n")[0]}`);
      }
    }
  }
  if (leg.exit !== 0 && failed === 0) {
    // The run failed on its own (no report, or vitest's exit code alone says so): one failure.
    failed = 1;
    failures.push(`${name}: npm test exited ${leg.exit}${existsSync(leg.report) ? "" : " with no report"}`);
  }
  total.passed += passed;
  total.failed += failed;
  total.skipped += skipped;
  const counts = `${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`;
  lines.push(`${name} (${duration(leg.seconds)}): ${counts}`);
}

console.log("");
for (const line of lines) console.log(line);
const whole = Number(process.env.RUN_SECONDS);
if (whole) console.log(`The whole run, installs included: ${duration(whole)}`);
if (failures.length > 0) {
  console.log("Failed:");
  for (const failure of failures) console.log(`  ${failure}`);
}
console.log(`${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ""}`);
process.exit(total.failed > 0 ? 1 : 0);
