/**
 * The mock run as a service: its health, one log line per request, and stopping on a signal
 * however it was started, with no process left behind.
 */
import { readdirSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pkg from "../package.json" with { type: "json" };
import { freePort, keyFingerprint, type MockServer, startMock } from "../src/mock/start.js";
import { PERSON } from "./helpers/flow.js";
import { type Running, requireBuild, start } from "./helpers/process.js";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const CLIENTS = "/management/clients/individuals";

/** Whether the port can be listened on now. */
function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

/** Whether a process with this pid exists. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Waits (bounded) until `check` holds; returns whether it did. */
async function eventually(check: () => boolean | Promise<boolean>, limitMs = 10_000): Promise<boolean> {
  const deadline = Date.now() + limitMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await sleep(50);
  }
  return check();
}

/** Prism processes this process started, by pid (Linux). */
function ownPrisms(): number[] {
  return readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .filter((name) => {
      try {
        const ppid = Number(/^PPid:\s+(\d+)$/m.exec(readFileSync(`/proc/${name}/status`, "utf8"))?.[1]);
        return ppid === process.pid && readFileSync(`/proc/${name}/cmdline`, "utf8").includes("prism-cli");
      } catch {
        return false;
      }
    })
    .map(Number);
}

const prismPidOf = (running: Running) => Number(/\(Prism pid (\d+)\)/.exec(running.output().stdout)?.[1]);

describe("GET /__mock/health", () => {
  let stateful: MockServer;
  beforeAll(async () => {
    stateful = await startMock({ stateful: true });
  });
  afterAll(() => stateful?.stop());

  it("answers 200 with the mode, the package's version and the uptime", async () => {
    const response = await fetch(`${stateful.url}/__mock/health`);
    expect(response.status).toBe(200);
    const health = await response.json();
    expect(health).toEqual({ status: "ok", mode: "stateful", version: pkg.version, uptime: expect.any(Number) });
    expect(health.uptime).toBeGreaterThanOrEqual(0);
  });

  it("answers 503 while Prism starts, and 200 only once API calls are answered", async () => {
    const port = await freePort();
    const mock = start(process.execPath, [requireBuild("mock-cli.js"), "--port", String(port), "--dynamic"]);
    try {
      const url = `http://127.0.0.1:${port}`;
      const seen: number[] = [];
      const deadline = Date.now() + 60_000;
      for (;;) {
        const status = await fetch(`${url}/__mock/health`).then(
          (response) => response.status,
          () => 0,
        );
        seen.push(status);
        if (status === 200 || Date.now() > deadline) break;
        await sleep(20);
      }
      expect(seen.at(-1)).toBe(200);
      expect(seen.filter((status) => status !== 0 && status !== 503 && status !== 200)).toEqual([]);
      const call = await fetch(`${url}${CLIENTS}/someone/products`, {
        method: "POST",
        headers: { "x-api-key": "k", "content-type": "application/json" },
        body: JSON.stringify({ subproduct: "cards_individuals" }),
        signal: AbortSignal.timeout(5_000),
      });
      expect(call.status).toBe(201);
      expect((await (await fetch(`${url}/__mock/health`)).json()).mode).toBe("dynamic");
    } finally {
      mock.child.kill("SIGTERM");
      await mock.done;
    }
  }, 90_000);
});

describe("the request log", () => {
  const KEY = "cm_secret_key_never_logged";

  async function logOf(args: string[]) {
    const port = await freePort();
    const mock = start(process.execPath, [requireBuild("mock-cli.js"), "--port", String(port), ...args]);
    await mock.waitFor("mock listening on");
    const url = `http://127.0.0.1:${port}`;
    const created = await fetch(`${url}${CLIENTS}?token=hunter2`, {
      method: "POST",
      headers: { "x-api-key": KEY, "content-type": "application/json" },
      body: JSON.stringify({ ...PERSON, email: `log.${Date.now()}@example.com` }),
    });
    const missing = await fetch(`${url}${CLIENTS}/nobody`);
    mock.child.kill("SIGTERM");
    const { stderr } = await mock.done;
    return {
      stderr,
      traces: [created.headers.get("x-trace-id"), missing.headers.get("x-trace-id")],
      statuses: [created.status, missing.status],
    };
  }

  it("has one line per request in stateful mode: method, path, status, ms, key fingerprint, trace id", async () => {
    const { stderr, traces, statuses } = await logOf(["--stateful"]);
    const lines = stderr.split("\n").filter((line) => line.includes(" /management/"));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      new RegExp(`^POST ${CLIENTS} ${statuses[0]} \\d+ms key=${keyFingerprint(KEY)} trace=${traces[0]}$`),
    );
    expect(lines[1]).toMatch(new RegExp(`^GET ${CLIENTS}/nobody ${statuses[1]} \\d+ms key=- trace=${traces[1]}$`));
    expect(stderr).not.toContain(KEY);
    expect(stderr).not.toContain("hunter2");
  });

  it("has one line per request with Prism too", async () => {
    const { stderr, traces } = await logOf([]);
    const lines = stderr.split("\n").filter((line) => line.includes(" /management/"));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain(`trace=${traces[0]}`);
    expect(stderr).not.toContain(KEY);
  });

  it("is off with --quiet", async () => {
    const { stderr } = await logOf(["--stateful", "--quiet"]);
    expect(stderr).not.toContain("/management/");
  });
});

describe("stopping", () => {
  it("SIGTERM to npx stops the mock and its Prism, and frees the port", async () => {
    const port = await freePort();
    const npx = start("npx", ["cryptomate-enable-mock", "--port", String(port)]);
    await npx.waitFor("mock listening on", 90_000);
    const prism = prismPidOf(npx);
    expect(alive(prism)).toBe(true);
    npx.child.kill("SIGTERM");
    await npx.done;
    expect(await eventually(() => portFree(port))).toBe(true);
    expect(await eventually(() => !alive(prism))).toBe(true);
  }, 120_000);

  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    it(`${signal} to the bin stops it with exit 0, Prism included`, async () => {
      const port = await freePort();
      const mock = start(process.execPath, [requireBuild("mock-cli.js"), "--port", String(port), "--quiet"]);
      await mock.waitFor("mock listening on");
      const prism = prismPidOf(mock);
      mock.child.kill(signal);
      expect((await mock.done).code).toBe(0);
      expect(alive(prism)).toBe(false);
      expect(await portFree(port)).toBe(true);
    });
  }

  it("a mock stopped while its Prism restarts waits for the new one and stops it", async () => {
    const before = new Set(ownPrisms());
    let restarting: () => void = () => undefined;
    const restartBegun = new Promise<void>((resolve) => {
      restarting = resolve;
    });
    const mock = await startMock({
      onEvent: (message) => {
        if (message.includes("restarting it")) restarting();
      },
    });
    process.kill(mock.pid, "SIGKILL");
    await restartBegun;
    await mock.stop();
    expect(ownPrisms().filter((pid) => !before.has(pid))).toEqual([]);
  });

  it("SIGKILL to the bin leaves no Prism behind", async () => {
    const port = await freePort();
    const mock = start(process.execPath, [requireBuild("mock-cli.js"), "--port", String(port), "--quiet"]);
    await mock.waitFor("mock listening on");
    const prism = prismPidOf(mock);
    mock.child.kill("SIGKILL");
    await mock.done;
    expect(await eventually(() => !alive(prism))).toBe(true);
  });
});
