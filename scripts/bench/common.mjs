// What every benchmark section shares: the table's rows, number formatting, and a penalizing
// server in a child process (so that it does not share the event loop being measured).
import { spawn } from "node:child_process";

export const root = new URL("../../", import.meta.url).pathname;
export const quick = process.argv.includes("--quick");
export const KEY = "bench_key_0123456789";
export const PATH = "/management/clients/individuals/{clientId}/products";
export const body = { subproduct: "cards_individuals" };
export const rows = [];

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export function row(measure, value, baseline, ratio, goal = "") {
  rows.push({ measure, value, baseline, ratio, goal });
  console.error(`  ${measure}: ${value} (${ratio})`);
}

export const fmt = (n, digits = 2) => Number(n).toFixed(digits);

/** A paced run as a share of the 15/s ceiling: the first 15 may go at once, the other n - 15 need (n - 15) / 15 s. */
export function pacedRow(label, n, ok, rejected, elapsed) {
  const rate = (n - 15) / elapsed;
  const value = `${fmt(rate)} req/s, ${ok}/${n} ok, ${rejected} x 429, ${fmt(elapsed)} s`;
  row(`${label}: steady rate / 15 per s`, value, "15 req/s", fmt(rate / 15), ">= 0.95, 0 x 429");
}

/** A penalizing server in a child process; resolves to { url, stats(), stop() }. */
export function childServer(limit) {
  // Benchmarks send the same client ids again and again: every POST creates.
  return childProcessServer("penalizing-server.mjs", { LIMIT: String(limit), ONE_ACTIVE: "0" });
}

/** A server script of scripts/lib run in a child process; resolves to { url, stats(), stop() }. */
export function childProcessServer(script, env = {}) {
  const child = spawn(process.execPath, [`${root}scripts/lib/${script}`], {
    env: { ...process.env, ...env },
    stdio: ["pipe", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.stdout.once("data", (chunk) => {
      const url = chunk.toString().trim();
      resolve({
        url,
        stats: () => fetch(`${url}/__stats`).then((r) => r.json()),
        stop: () =>
          new Promise((done) => {
            child.once("exit", done);
            child.stdin.end();
          }),
      });
    });
  });
}

/** A row comparing two median times in milliseconds, shown in microseconds. */
export function timeRow(measure, valueMs, baselineMs, goal = "reported") {
  row(measure, `${fmt(valueMs * 1000, 0)} µs`, `${fmt(baselineMs * 1000, 0)} µs`, fmt(valueMs / baselineMs), goal);
}
