#!/usr/bin/env node
// Benchmarks. Every figure is reported next to a baseline measured in the same run, as a ratio,
// so that results compare across machines. Servers run in child processes on 127.0.0.1 so that
// they do not share the event loop being measured; every loop is bounded.
//
//   npm run bench                 everything
//   npm run bench -- --quick      skips the slow parts (burst, batch, test-suite wall time)
import { execFileSync, spawn } from "node:child_process";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import createClient from "openapi-fetch";
import { createCryptoMateClient } from "../dist/index.js";
import { startMock } from "../dist/mock.js";

const quick = process.argv.includes("--quick");
const root = new URL("../", import.meta.url).pathname;
const KEY = "bench_key_0123456789";
const PATH = "/management/clients/individuals/{clientId}/products";
const body = { subproduct: "cards_individuals" };
const rows = [];

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function row(measure, value, baseline, ratio, goal = "") {
  rows.push({ measure, value, baseline, ratio, goal });
  console.error(`  ${measure}: ${value} (${ratio})`);
}

const fmt = (n, digits = 2) => Number(n).toFixed(digits);

/** A paced run as a share of the 15/s ceiling: the first 15 may go at once, the other n - 15 need (n - 15) / 15 s. */
function pacedRow(label, n, ok, rejected, elapsed) {
  const rate = (n - 15) / elapsed;
  const value = `${fmt(rate)} req/s, ${ok}/${n} ok, ${rejected} x 429, ${fmt(elapsed)} s`;
  row(`${label}: steady rate / 15 per s`, value, "15 req/s", fmt(rate / 15), ">= 0.95, 0 x 429");
}

/** A penalizing server in a child process; resolves to { url, stats(), stop() }. */
function childServer(limit) {
  const child = spawn(process.execPath, [`${root}scripts/lib/penalizing-server.mjs`], {
    env: { ...process.env, LIMIT: String(limit) },
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

async function perCallCost() {
  console.error("per-call cost against a local server");
  const server = await childServer(1e9);
  const url = `${server.url}/management/clients/individuals/bench-client/products`;
  const raw = async () => {
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", "x-api-key": KEY },
      body: JSON.stringify(body),
    });
    return response.json();
  };
  const bare = createClient({ baseUrl: server.url });
  const openapiFetch = () =>
    bare.POST(PATH, { params: { path: { clientId: "bench-client" } }, body, headers: { "x-api-key": KEY } });
  const wrapper = createCryptoMateClient({ apiKey: KEY, baseUrl: server.url, rateLimit: false });
  const ours = () => wrapper.requestProductEnablement("bench-client", body);
  const limited = createCryptoMateClient({ apiKey: KEY, baseUrl: server.url, rateLimit: { requestsPerSecond: 1000 } });
  const oursLimited = () => limited.requestProductEnablement("bench-client", body);

  const variants = { raw, openapiFetch, ours, oursLimited };
  const samples = Object.fromEntries(Object.keys(variants).map((name) => [name, []]));
  for (const run of Object.values(variants)) for (let i = 0; i < 300; i++) await run();
  const rounds = quick ? 10 : 30;
  for (let round = 0; round < rounds; round++) {
    const order = Object.entries(variants);
    if (round % 2) order.reverse();
    for (const [name, run] of order) {
      for (let i = 0; i < 100; i++) {
        const started = performance.now();
        await run();
        samples[name].push(performance.now() - started);
      }
    }
  }
  const m = Object.fromEntries(Object.entries(samples).map(([name, values]) => [name, median(values)]));
  const µs = (name) => `${fmt(m[name] * 1000, 0)} µs`;
  const compare = (label, name, baseline, goal = "") =>
    row(label, µs(name), µs(baseline), fmt(m[name] / m[baseline]), goal);
  compare("per call, client (limiting off) / openapi-fetch", "ours", "openapiFetch", "<= 1.05");
  compare("per call, client (limiting on, 1000/s) / openapi-fetch", "oursLimited", "openapiFetch");
  compare("per call, openapi-fetch / raw fetch", "openapiFetch", "raw", "reported");
  compare("per call, client (limiting off) / raw fetch", "ours", "raw", "reported");
  await server.stop();
}

async function burst() {
  console.error("burst against a server enforcing 15/s with doubling penalties");
  const n = 150;
  const ids = Array.from({ length: n }, (_, i) => `burst-${i}`);
  {
    const server = await childServer(15);
    const client = createCryptoMateClient({ apiKey: KEY, baseUrl: server.url, maxRetries: 0 });
    const started = performance.now();
    const outcomes = await Promise.allSettled(ids.map((id) => client.requestProductEnablement(id, body)));
    const elapsed = (performance.now() - started) / 1000;
    const stats = await server.stats();
    const ok = outcomes.filter((o) => o.status === "fulfilled").length;
    pacedRow(`burst of ${n}, client`, n, ok, stats.rejected, elapsed);
    await server.stop();
  }
  {
    const server = await childServer(15);
    const started = performance.now();
    let pending = ids;
    let rejected = 0;
    // Naive: fire everything at once; on 429 wait what the server says and fire the rest again.
    for (let wave = 0; pending.length > 0 && wave < 20 && performance.now() - started < 60_000; wave++) {
      const answers = await Promise.all(
        pending.map((id) =>
          fetch(`${server.url}/management/clients/individuals/${id}/products`, {
            method: "POST",
            headers: { "content-type": "application/json", "x-api-key": KEY },
            body: JSON.stringify(body),
          }).then(async (r) => ({
            id,
            status: r.status,
            retryAfter: Number(r.headers.get("retry-after") ?? 1),
            text: await r.text(),
          })),
        ),
      );
      const limited = answers.filter((a) => a.status === 429);
      rejected += limited.length;
      pending = limited.map((a) => a.id);
      if (pending.length) await new Promise((r) => setTimeout(r, Math.max(...limited.map((a) => a.retryAfter)) * 1000));
    }
    const elapsed = (performance.now() - started) / 1000;
    const done = n - pending.length;
    const rate = done / elapsed;
    row(
      `burst of ${n}, naive Promise.all over fetch: rate / 15 per s`,
      `${fmt(rate)} req/s, ${done}/${n} ok, ${rejected} x 429, ${fmt(elapsed)} s`,
      "15 req/s",
      fmt(rate / 15),
      "for comparison",
    );
    await server.stop();
  }
}

async function batchRun() {
  console.error("batch of 300 ids against a server enforcing 15/s with doubling penalties");
  const { mkdtempSync, writeFileSync, readFileSync, rmSync } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  const dir = mkdtempSync(`${tmpdir()}/cryptomate-bench-`);
  const n = 300;
  const ids = Array.from({ length: n }, (_, i) => `batch-${i}`);
  writeFileSync(`${dir}/ids.txt`, ids.join("\n"));
  {
    const server = await childServer(15);
    const started = performance.now();
    execFileSync(
      process.execPath,
      [`${root}dist/cli.js`, "batch", `${dir}/ids.txt`, "--out", `${dir}/out.jsonl`, "--base-url", server.url],
      {
        env: { ...process.env, CRYPTOMATE_API_KEY: KEY },
        stdio: "ignore",
      },
    );
    const elapsed = (performance.now() - started) / 1000;
    const stats = await server.stats();
    const ok = readFileSync(`${dir}/out.jsonl`, "utf8")
      .split("\n")
      .filter((l) => l.includes('"ok":true')).length;
    pacedRow(`batch of ${n} (cryptomate-enable batch)`, n, ok, stats.rejected, elapsed);
    await server.stop();
  }
  {
    const server = await childServer(15);
    const started = performance.now();
    const queue = [...ids];
    let done = 0;
    let rejected = 0;
    // Naive: 30 workers, each fetching as fast as it can and sleeping Retry-After on a 429.
    const worker = async () => {
      while (queue.length > 0 && performance.now() - started < 60_000) {
        const id = queue.shift();
        const r = await fetch(`${server.url}/management/clients/individuals/${id}/products`, {
          method: "POST",
          headers: { "content-type": "application/json", "x-api-key": KEY },
          body: JSON.stringify(body),
        });
        await r.text();
        if (r.status === 429) {
          rejected++;
          queue.push(id);
          await new Promise((res) => setTimeout(res, Number(r.headers.get("retry-after") ?? 1) * 1000));
        } else done++;
      }
    };
    await Promise.all(Array.from({ length: 30 }, worker));
    const elapsed = (performance.now() - started) / 1000;
    row(
      `batch of ${n}, naive 30-worker loop: rate / 15 per s`,
      `${fmt(done / elapsed)} req/s, ${done}/${n} ok, ${rejected} x 429, ${fmt(elapsed)} s`,
      "15 req/s",
      fmt(done / elapsed / 15),
      "for comparison",
    );
    await server.stop();
  }
  rmSync(dir, { recursive: true, force: true });
}

async function size() {
  console.error("bundle size");
  // The validator is loaded on demand: it is not part of the core's cost.
  const gzipped = async (input) => {
    const result = await build({
      ...input,
      bundle: true,
      minify: true,
      format: "esm",
      platform: "neutral",
      write: false,
      logLevel: "silent",
      external: ["./validation.js"],
    });
    return gzipSync(result.outputFiles.map((file) => file.text).join(""), { level: 9 }).length;
  };
  const coreGz = await gzipped({ entryPoints: [`${root}dist/index.js`] });
  const baseGz = await gzipped({
    stdin: { contents: 'import createClient from "openapi-fetch"; export default createClient;', resolveDir: root },
  });

  row(
    "core entry, min+gzip, openapi-fetch included",
    `${fmt(coreGz / 1000)} kB`,
    `openapi-fetch alone ${fmt(baseGz / 1000)} kB`,
    fmt(coreGz / baseGz),
    "<= 5 kB",
  );
  const validationGz = await gzipped({ entryPoints: [`${root}dist/validation.js`] });
  row(
    "validation entry, min+gzip (loaded only with validateResponses)",
    `${fmt(validationGz / 1000)} kB`,
    `core ${fmt(coreGz / 1000)} kB`,
    fmt(validationGz / coreGz),
  );
}

function timeProcess(args, runs) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    execFileSync(process.execPath, args, { cwd: root, stdio: "ignore" });
    times.push(performance.now() - started);
  }
  return median(times);
}

async function startup() {
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

function suite(baseline) {
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

const extra = [];
/** Lets other benchmark modules add sections. */
export function addSection(fn) {
  extra.push(fn);
}

await perCallCost();
if (!quick) await burst();
if (!quick) await batchRun();
await size();
const baseline = await startup();
for (const section of extra) await section({ row, fmt, median, childServer, quick, KEY });
if (!quick) suite(baseline);

const widths = ["measure", "value", "baseline", "ratio", "goal"].map((key) =>
  Math.max(key.length, ...rows.map((r) => String(r[key]).length)),
);
const line = (cells) => `| ${cells.map((cell, i) => String(cell).padEnd(widths[i])).join(" | ")} |`;
console.log(line(["measure", "value", "baseline", "ratio", "goal"]));
console.log(line(widths.map((w) => "-".repeat(w))));
for (const r of rows) console.log(line([r.measure, r.value, r.baseline, r.ratio, r.goal]));
