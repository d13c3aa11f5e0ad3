#!/usr/bin/env node
// Benchmarks. Every figure is reported next to a baseline measured in the same run, as a ratio,
// so that results compare across machines. Servers run in child processes on 127.0.0.1 so that
// they do not share the event loop being measured; every loop is bounded.
//
//   npm run bench                 everything
//   npm run bench -- --quick      skips the slow parts (burst, batch, fleet, test-suite wall time)
import { quick, rows } from "./bench/common.mjs";
import { errorBodyCost } from "./bench/error-body.mjs";
import { fleetAndStore } from "./bench/fleet.mjs";
import { mockThroughput } from "./bench/mock.mjs";
import { batchRun, burst } from "./bench/pacing.mjs";
import { perCallCost } from "./bench/per-call.mjs";
import { perOperationCost } from "./bench/per-operation.mjs";
import { size } from "./bench/size.mjs";
import { startup, suite } from "./bench/startup.mjs";

console.error(
  quick
    ? "npm run bench -- --quick: per call, Redis, the mock, size and start-up (a minute or two)"
    : "npm run bench: every section, the whole test suite's wall time last (several minutes in all; --quick skips the slow parts)",
);
await perCallCost();
await perOperationCost();
await errorBodyCost();
if (!quick) await burst();
if (!quick) await batchRun();
await fleetAndStore();
await mockThroughput();
await size();
const baseline = await startup();
if (!quick) suite(baseline);

/**
 * "met" or "MISSED" for a goal such as "<= 1.05" read against the ratio, with "0 x 429" read
 * against the value's count of 429s and "all done" against its "n/m done"; blank for other goals.
 */
function verdict({ value: shown, ratio, goal }) {
  const rejected = /(\d+) x 429/.exec(String(shown));
  if (String(goal).includes("0 x 429") && rejected && Number(rejected[1]) > 0) return "MISSED";
  const done = /(\d+)\/(\d+) done/.exec(String(shown));
  if (String(goal).includes("all done") && done && done[1] !== done[2]) return "MISSED";
  const match = /^(<=|>=|<|>)\s*([\d.]+)/.exec(String(goal));
  const value = Number.parseFloat(String(ratio));
  if (String(goal).startsWith("0 x 429")) return "met";
  if (!match || Number.isNaN(value)) return "";
  const limit = Number(match[2]);
  const ok = { "<=": value <= limit, ">=": value >= limit, "<": value < limit, ">": value > limit }[match[1]];
  return ok ? "met" : "MISSED";
}

const table = rows.map((r) => ({ ...r, verdict: verdict(r) }));
const keys = ["measure", "value", "baseline", "ratio", "goal", "verdict"];
const widths = keys.map((key) => Math.max(key.length, ...table.map((r) => String(r[key]).length)));
const line = (cells) => `| ${cells.map((cell, i) => String(cell).padEnd(widths[i])).join(" | ")} |`;
console.log(line(keys));
console.log(line(widths.map((w) => "-".repeat(w))));
for (const r of table) console.log(line(keys.map((key) => r[key])));
const missed = table.filter((r) => r.verdict === "MISSED");
if (missed.length > 0) console.log(`\n${missed.length} goal(s) missed: ${missed.map((r) => r.measure).join("; ")}`);
