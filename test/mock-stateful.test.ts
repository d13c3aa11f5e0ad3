/**
 * The whole enablement flow, played through the typed client against the stateful mock: once
 * against `cryptomate-enable-mock --stateful` as a process, once against the MSW handlers, with
 * the same test body. Every answer is checked against the spec.
 */
import { setupServer } from "msw/node";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DEFAULT_REVIEW_MS as DOCUMENTED_REVIEW_MS } from "../scripts/lib/mock-docs.mjs";
import { createCryptoMateClient, ENVIRONMENTS } from "../src/index.js";
import { createMockHandlers } from "../src/mock/msw.js";
import { DEFAULT_REVIEW_MS, freePort, startMock } from "../src/mock/start.js";
import { type Running, requireBuild, run, start } from "./helpers/process.js";
import { playFlow, type Target } from "./helpers/stateful-flow.js";

const REVIEW_MS = 300;

/** `cryptomate-enable-mock --stateful` as a process, stopped by its pid. */
function processTarget(): Target & { start(): Promise<void>; stop(): Promise<void>; output(): string } {
  let mock: Running | undefined;
  const target = {
    baseUrl: "",
    async start() {
      const port = await freePort();
      mock = start(process.execPath, [
        requireBuild("mock-cli.js"),
        "--stateful",
        "--review-ms",
        String(REVIEW_MS),
        "--port",
        String(port),
        "--quiet",
      ]);
      await mock.waitFor("mock listening on");
      target.baseUrl = `http://127.0.0.1:${port}`;
    },
    async reset() {
      const response = await fetch(`${target.baseUrl}/__mock/reset`, {
        method: "POST",
        headers: { "x-api-key": "test-key" },
      });
      expect(response.status).toBe(204);
    },
    output: () => mock?.output().stdout ?? "",
    async stop() {
      if (!mock) return;
      mock.child.kill("SIGTERM");
      const finished = await mock.done;
      expect(finished.code).toBe(0);
    },
  };
  return target;
}

describe("the flow against cryptomate-enable-mock --stateful (a process)", () => {
  const target = processTarget();
  beforeAll(() => target.start(), 90_000);
  afterAll(() => target.stop());

  playFlow(target);

  it("prints the flow in its banner, with no Prism behind it", () => {
    const banner = target.output();
    expect(banner).toContain(`mock listening on ${target.baseUrl} (stateful)`);
    expect(banner).toContain(`${REVIEW_MS} ms after submission`);
    expect(banner).toContain('"Rejected"');
    expect(banner).toContain("/__mock/reset");
    expect(banner).not.toContain("Prism");
  });
});

describe("the flow against the MSW handlers { stateful: true }", () => {
  const handlers = createMockHandlers({ stateful: true, reviewMs: REVIEW_MS, baseUrl: ENVIRONMENTS.sandbox });
  const server = setupServer(...handlers);
  const target: Target = {
    baseUrl: ENVIRONMENTS.sandbox,
    async reset() {
      const response = await fetch(`${ENVIRONMENTS.sandbox}/__mock/reset`, {
        method: "POST",
        headers: { "x-api-key": "test-key" },
      });
      expect(response.status).toBe(204);
    },
  };
  beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
  afterAll(() => server.close());

  playFlow(target);

  it("forget everything on handlers.reset()", async () => {
    const client = createCryptoMateClient({ apiKey: "test-key", baseUrl: ENVIRONMENTS.sandbox, maxRetries: 0 });
    const created = await client.createIndividualClient({
      first_name: "Ana",
      last_name: "Reset",
      email: "ana.reset@example.com",
      birth_date: "1990-01-01",
      address: { street_line1: "Calle 1", city: "Rosario", postal_code: "2000", state: "ARG-S", country: "ARG" },
    });
    expect((await client.getIndividualClient(created.id)).id).toBe(created.id);
    handlers.reset();
    await expect(client.getIndividualClient(created.id)).rejects.toMatchObject({ status: 404, code: "NOT_FOUND" });
  });
});

describe("the stateful mode's documentation", () => {
  it("gives the review's default duration as the code does", () => {
    expect(DOCUMENTED_REVIEW_MS).toBe(DEFAULT_REVIEW_MS);
  });
});

describe("starting the stateful mode", () => {
  it("startMock({ stateful: true }) runs no Prism, answers at once, and stops", async () => {
    const mock = await startMock({ stateful: true, reviewMs: 0 });
    try {
      expect(mock.pid).toBe(0);
      const response = await fetch(`${mock.url}/management/clients/individuals/nobody`, {
        headers: { "x-api-key": "k" },
      });
      expect(response.status).toBe(404);
      expect(await response.json()).toMatchObject({ code: "NOT_FOUND" });
      expect((await fetch(`${mock.url}/__mock/reset`, { method: "POST" })).status).toBe(401);
      const reset = await fetch(`${mock.url}/__mock/reset`, { method: "POST", headers: { "x-api-key": "k" } });
      expect(reset.status).toBe(204);
    } finally {
      await mock.stop();
    }
    await expect(startMock({ stateful: true, dynamic: true })).rejects.toThrow(/stateful/);
    await expect(startMock({ stateful: true, reviewMs: -1 })).rejects.toThrow(/reviewMs/);
    await expect(startMock({ stateful: true, errors: false })).rejects.toThrow(/errors: false/);
  });

  it("takes bodies of two 10 MB images on the documentation path only, 1 MB elsewhere", async () => {
    const mock = await startMock({ stateful: true, reviewMs: 0 });
    try {
      const post = (path: string, size: number) =>
        fetch(`${mock.url}/management/clients/individuals${path}`, {
          method: "POST",
          headers: { "x-api-key": "k", "content-type": "application/json" },
          body: JSON.stringify({ padding: "x".repeat(size) }),
        });
      const created = await post("", 2 * 1_048_576);
      expect(created.status).toBe(413);
      expect((await created.json()).message).toBe("the body is larger than 1048576 bytes");
      expect((await post("/nobody/products", 2 * 1_048_576)).status).toBe(413);
      // Read whole, then answered: here the client is unknown.
      const documentation = await post("/nobody/products/none/documentation", 20 * 1_048_576);
      expect(documentation.status).toBe(404);
      expect((await post("/nobody/products/none/documentation", 40 * 1_048_576)).status).toBe(413);
    } finally {
      await mock.stop();
    }
  });

  it("refuses --review-ms or --limits without --stateful, bad limits, and --stateful with --dynamic, --proxy or --no-errors", async () => {
    for (const [args, message] of [
      [["--review-ms", "10"], "--review-ms goes with --stateful"],
      [["--stateful", "--dynamic"], "--stateful cannot be combined"],
      [["--stateful", "--proxy", "http://127.0.0.1:9"], "--stateful cannot be combined"],
      [["--stateful", "--no-errors"], "--stateful cannot be combined with --no-errors"],
      [["--stateful", "--review-ms", "soon"], "--review-ms must be a whole number"],
      [["--limits", "clients=3"], "--limits goes with --stateful"],
      [["--stateful", "--limits", "clients=0"], "--limits takes clients=N,requests=N,bytes=N,total=N"],
      [
        ["--stateful", "--limits", "keys=3"],
        '--limits takes clients=N,requests=N,bytes=N,total=N (whole numbers, at least 1), got "keys=3"',
      ],
    ] as const) {
      const finished = await run(process.execPath, [requireBuild("mock-cli.js"), ...args]);
      expect(finished.code, args.join(" ")).toBe(2);
      expect(finished.stderr).toContain(message);
    }
  });

  it("without --stateful, POST /__mock/reset is a 404 that says why", async () => {
    const response = await fetch(`${inject("prismUrl")}/__mock/reset`, { method: "POST" });
    expect(response.status).toBe(404);
    expect((await response.json()).message).toContain("--stateful");
  });
});
