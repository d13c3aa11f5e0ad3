// Requests per second through the mock (its front before Prism), and through the stateful mock
// (its front before the state machine), against bare Prism on the same spec, in alternating
// rounds of the same bounded load on loopback; and the stateful mock with 20 API keys working at
// once, each in its own sandbox, against the same load from one key.
import { spawn } from "node:child_process";
import { Agent, request } from "node:http";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { freePort, specPath } from "../../dist/mock.js";
import { fmt, median, quick, root, row } from "./common.mjs";

/** The call that Prism and the mock are measured with: a product request, answered with an example. */
const REQUEST = {
  method: "POST",
  path: "/management/clients/individuals/bench-client/products",
  payload: JSON.stringify({ subproduct: "cards_individuals" }),
};

/** A client for the stateful mock, which keeps what it is sent. */
const PERSON = {
  first_name: "Maria",
  last_name: "Barber",
  birth_date: "1984-11-21",
  address: { street_line1: "Florida 9860", city: "Del Viso", postal_code: "1669", state: "ARG-B", country: "ARG" },
};

/** How many API keys work at once in the stateful mock's sandbox row. */
const KEYS = 20;

const headersOf = (call) => ({
  "x-api-key": call.key ?? "bench",
  ...(call.payload ? { "content-type": "application/json", "content-length": Buffer.byteLength(call.payload) } : {}),
});

/** One call, once; resolves with the HTTP status and the body (status 0 when nothing answers). */
function answer(url, call = REQUEST) {
  return new Promise((resolve) => {
    const outgoing = request(
      new URL(call.path, url),
      { method: call.method, agent: false, headers: headersOf(call) },
      (response) => {
        let text = "";
        response.on("data", (chunk) => {
          text += chunk;
        });
        response.on("end", () => resolve({ status: response.statusCode ?? 0, text }));
      },
    );
    outgoing.on("error", () => resolve({ status: 0, text: "" }));
    outgoing.end(call.payload);
  });
}

/**
 * A server in a child process on `port`, ready once it answers the benchmark's request with a 2xx
 * (its HTTP status, not its log's wording); stopped by its pid.
 */
async function serverProcess(args, port, ready = REQUEST) {
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
    const { status } = await answer(url, ready);
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

/**
 * Completed requests per second with `concurrency` keep-alive callers for `ms`; caller i sends
 * `calls[i % calls.length]` (`calls` is one call or several).
 */
async function load(url, ms, calls = REQUEST, concurrency = 16) {
  const list = [calls].flat();
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const one = (call) =>
    new Promise((resolve, reject) => {
      const outgoing = request(
        new URL(call.path, url),
        { method: call.method, agent, headers: headersOf(call) },
        (response) => {
          response.resume();
          response.on("end", resolve);
        },
      );
      outgoing.on("error", reject);
      outgoing.end(call.payload);
    });
  let done = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async (_, index) => {
      const call = list[index % list.length];
      while (performance.now() - started < ms) {
        await one(call);
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

/**
 * The stateful mock in its own process, with one client and one pending request in it; the call
 * to measure it with lists that client's requests (an answer the size of Prism's example).
 */
async function statefulProcess() {
  const port = await freePort();
  const create = {
    method: "POST",
    path: "/management/clients/individuals",
    payload: JSON.stringify({ ...PERSON, email: `bench.${port}@example.com` }),
  };
  const server = await serverProcess(
    [`${root}dist/mock-cli.js`, "--stateful", "--port", String(port), "--quiet"],
    port,
    create,
  );
  return { ...server, call: await listCall(server.url, "bench"), keyCalls: await Promise.all(keyCalls(server.url)) };
}

/** The call that lists the requests of a client made for `key`, with one pending request. */
async function listCall(url, key) {
  const created = await answer(url, {
    method: "POST",
    path: "/management/clients/individuals",
    key,
    payload: JSON.stringify({ ...PERSON, email: "bench@example.com" }),
  });
  const { id } = JSON.parse(created.text);
  const path = `/management/clients/individuals/${id}/products`;
  const requested = await answer(url, { method: "POST", path, key, payload: REQUEST.payload });
  if (requested.status !== 201) throw new Error(`the stateful mock answered ${requested.status}: ${requested.text}`);
  return { method: "GET", path, key };
}

/** One such call for each of KEYS keys, each in its own sandbox (with the same email). */
const keyCalls = (url) => Array.from({ length: KEYS }, (_, index) => listCall(url, `bench-key-${index}`));

export async function mockThroughput() {
  console.error("mock throughput: the front before Prism, and the stateful mock, against bare Prism");
  const bare = await barePrism();
  const mock = await mockProcess();
  const stateful = await statefulProcess();
  try {
    await load(bare.url, 1000);
    await load(mock.url, 1000);
    await load(stateful.url, 1000, stateful.call);
    await load(stateful.url, 1000, stateful.keyCalls, KEYS);
    // Alternating rounds; the median of each side, so that one disturbed round does not decide.
    const rates = { bare: [], mock: [], stateful: [], oneKey: [], keys: [] };
    for (let round = 0; round < (quick ? 3 : 7); round++) {
      rates.bare.push(await load(bare.url, 2000));
      rates.mock.push(await load(mock.url, 2000));
      rates.stateful.push(await load(stateful.url, 2000, stateful.call));
      rates.oneKey.push(await load(stateful.url, 2000, stateful.call, KEYS));
      rates.keys.push(await load(stateful.url, 2000, stateful.keyCalls, KEYS));
    }
    const [front, prism, state] = [median(rates.mock), median(rates.bare), median(rates.stateful)];
    const [oneKey, keys] = [median(rates.oneKey), median(rates.keys)];
    row(
      "mock (front + Prism) requests/s / bare Prism requests/s",
      `${fmt(front, 0)} req/s`,
      `${fmt(prism, 0)} req/s`,
      fmt(front / prism),
      ">= 0.90",
    );
    // The budget: the stateful mode costs no more than the front does.
    row(
      "stateful mock (front + state) requests/s / bare Prism requests/s",
      `${fmt(state, 0)} req/s`,
      `${fmt(prism, 0)} req/s`,
      fmt(state / prism),
      `>= ${fmt(front / prism)}`,
    );
    // The budget: sandboxes per key cost a shared mock nothing measurable.
    row(
      `stateful mock, ${KEYS} API keys at once / one key, requests/s (${KEYS} callers each)`,
      `${fmt(keys, 0)} req/s`,
      `${fmt(oneKey, 0)} req/s`,
      fmt(keys / oneKey),
      ">= 0.80",
    );
    row(
      `stateful mock, ${KEYS} API keys at once / bare Prism, requests/s`,
      `${fmt(keys, 0)} req/s`,
      `${fmt(prism, 0)} req/s`,
      fmt(keys / prism),
      "> 1.00",
    );
  } finally {
    await stateful.stop();
    await mock.stop();
    await bare.stop();
  }
}
