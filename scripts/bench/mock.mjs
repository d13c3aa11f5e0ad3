// Requests per second through the mock (its front before Prism) against bare Prism on the same
// spec, in alternating rounds of the same bounded load on loopback.
import { spawn } from "node:child_process";
import { Agent, request } from "node:http";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { freePort, specPath } from "../../dist/mock.js";
import { fmt, median, quick, root, row } from "./common.mjs";

const PAYLOAD = JSON.stringify({ subproduct: "cards_individuals" });
const TARGET = "/management/clients/individuals/bench-client/products";

/** The benchmark's request, once; resolves with the HTTP status (0 when nothing answers). */
function answer(url) {
  return new Promise((resolve) => {
    const outgoing = request(
      new URL(TARGET, url),
      {
        method: "POST",
        agent: false,
        headers: { "content-type": "application/json", "x-api-key": "bench", "content-length": PAYLOAD.length },
      },
      (response) => {
        response.resume();
        response.on("end", () => resolve(response.statusCode ?? 0));
      },
    );
    outgoing.on("error", () => resolve(0));
    outgoing.end(PAYLOAD);
  });
}

/**
 * A server in a child process on `port`, ready once it answers the benchmark's request with a 2xx
 * (its HTTP status, not its log's wording); stopped by its pid.
 */
async function serverProcess(args, port) {
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  for (const stream of [child.stdout, child.stderr]) {
    stream.on("data", (chunk) => {
      output = (output + chunk).slice(-4000);
    });
  }
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${args[0]} exited:\n${output}`);
    const status = await answer(url);
    if (status >= 200 && status < 300) break;
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`${args[0]} did not answer on ${url} within 60 s (last status ${status}):\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    stop: () =>
      new Promise((resolve) => {
        child.once("exit", resolve);
        child.kill("SIGTERM");
      }),
  };
}

async function barePrism() {
  const port = await freePort();
  const manifest = createRequire(`${root}package.json`).resolve("@stoplight/prism-cli/package.json");
  const entry = join(dirname(manifest), "dist", "index.js");
  const args = [entry, "mock", specPath, "--errors", "--host", "127.0.0.1", "--port", String(port)];
  return serverProcess(args, port);
}

/** Completed requests per second with `concurrency` keep-alive callers for `ms`. */
async function load(url, ms, concurrency = 16) {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const target = new URL(TARGET, url);
  const one = () =>
    new Promise((resolve, reject) => {
      const outgoing = request(
        target,
        {
          method: "POST",
          agent,
          headers: { "content-type": "application/json", "x-api-key": "bench", "content-length": PAYLOAD.length },
        },
        (response) => {
          response.resume();
          response.on("end", resolve);
        },
      );
      outgoing.on("error", reject);
      outgoing.end(PAYLOAD);
    });
  let done = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() - started < ms) {
        await one();
        done++;
      }
    }),
  );
  agent.destroy();
  return done / ((performance.now() - started) / 1000);
}

/** The mock as users run it: its own process (front and Prism), not sharing the load's event loop. */
async function mockProcess() {
  const port = await freePort();
  return serverProcess([`${root}dist/mock-cli.js`, "--port", String(port), "--quiet"], port);
}

export async function mockThroughput() {
  console.error("mock throughput: the front before Prism against bare Prism");
  const bare = await barePrism();
  const mock = await mockProcess();
  try {
    await load(bare.url, 1000);
    await load(mock.url, 1000);
    // Alternating rounds; the median of each side, so that one disturbed round does not decide.
    const rates = { bare: [], mock: [] };
    for (let round = 0; round < (quick ? 3 : 7); round++) {
      rates.bare.push(await load(bare.url, 2000));
      rates.mock.push(await load(mock.url, 2000));
    }
    const [front, prism] = [median(rates.mock), median(rates.bare)];
    row(
      "mock (front + Prism) requests/s / bare Prism requests/s",
      `${fmt(front, 0)} req/s`,
      `${fmt(prism, 0)} req/s`,
      fmt(front / prism),
      ">= 0.90",
    );
  } finally {
    await mock.stop();
    await bare.stop();
  }
}
