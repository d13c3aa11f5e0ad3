#!/usr/bin/env node
// Benchmarks. Every figure is reported next to a baseline measured in the same run, as a ratio,
// so that results compare across machines. Servers run in child processes on 127.0.0.1 so that
// they do not share the event loop being measured; every loop is bounded.
//
//   npm run bench                 everything
//   npm run bench -- --quick      skips the slow parts (burst, batch, fleet, test-suite wall time)
import { quick, rows } from "./bench/common.mjs";
import { fleetAndStore } from "./bench/fleet.mjs";
import { mockThroughput } from "./bench/mock.mjs";
import { batchRun, burst } from "./bench/pacing.mjs";
import { perCallCost } from "./bench/per-call.mjs";
import { size } from "./bench/size.mjs";
import { startup, suite } from "./bench/startup.mjs";

await perCallCost();
if (!quick) await burst();
if (!quick) await batchRun();
await fleetAndStore();
await mockThroughput();
await size();
const baseline = await startup();
if (!quick) suite(baseline);

const widths = ["measure", "value", "baseline", "ratio", "goal"].map((key) =>
  Math.max(key.length, ...rows.map((r) => String(r[key]).length)),
);
const line = (cells) => `| ${cells.map((cell, i) => String(cell).padEnd(widths[i])).join(" | ")} |`;
console.log(line(["measure", "value", "baseline", "ratio", "goal"]));
console.log(line(widths.map((w) => "-".repeat(w))));
for (const r of rows) console.log(line([r.measure, r.value, r.baseline, r.ratio, r.goal]));
