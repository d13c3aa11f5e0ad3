// Import time, mock start time and the test suite's wall time, against a bare node start.
import { execFileSync } from "node:child_process";
import { startMock } from "../../dist/mock.js";
import { fmt, median, root, row } from "./common.mjs";

function timeProcess(args, runs) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    execFileSync(process.execPath, args, { cwd: root, stdio: "ignore" });
    times.push(performance.now() - started);
  }
  return median(times);
}

export async function startup() {
  console.error("import time and mock start time");
  const baseline = timeProcess(["-e", "0"], 15);
  const imported = timeProcess(["--input-type=module", "-e", "await import('./dist/index.js')"], 15);
  row(
    "node + import of the core entry / bare node start",
    `${fmt(imported, 0)} ms`,
    `${fmt(baseline, 0)} ms`,
    fmt(imported / baseline),
  );
  const starts = [];
  for (let i = 0; i < 3; i++) {
    const started = performance.now();
    const mock = await startMock();
    starts.push(performance.now() - started);
    await mock.stop();
  }
  const prism = median(starts);
  row(
    "Prism mock start (to listening) / bare node start",
    `${fmt(prism, 0)} ms`,
    `${fmt(baseline, 0)} ms`,
    fmt(prism / baseline),
  );
  return baseline;
}

export function suite(baseline) {
  console.error("test suite wall time");
  const started = performance.now();
  execFileSync(process.execPath, ["node_modules/vitest/vitest.mjs", "run", "--reporter=dot"], {
    cwd: root,
    stdio: "ignore",
  });
  const elapsed = performance.now() - started;
  row(
    "test suite wall time (vitest run) / bare node start",
    `${fmt(elapsed / 1000, 1)} s`,
    `${fmt(baseline, 0)} ms`,
    fmt(elapsed / baseline, 0),
  );
}
