/**
 * A request the server may have received is never reported as unsent: a caller's abort once it
 * is on the wire, and a redirect answer, both count as "may have been processed".
 */
import { writeFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import {
  CryptoMateError,
  CryptoMateRedirectError,
  createCryptoMateClient,
  type Logger,
  mayHaveBeenProcessed,
} from "../src/index.js";
import { CLI_ENV, cli, tempDirPerFile } from "./helpers/cli.js";
import { run } from "./helpers/process.js";
import { rejection, SEED_CLIENT_ID, seedResponse, sendJson, serverPerTest, TEST_KEY } from "./helpers/server.js";

const serve = serverPerTest();
const files = tempDirPerFile("cryptomate-processed-");
const body = { subproduct: "cards_individuals" } as const;

function recordingLogger() {
  const lines: Record<keyof Logger, string[]> = { debug: [], info: [], warn: [], error: [] };
  const logger: Logger = {
    debug: (line) => lines.debug.push(line),
    info: (line) => lines.info.push(line),
    warn: (line) => lines.warn.push(line),
    error: (line) => lines.error.push(line),
  };
  return { lines, logger };
}

describe("a caller's abort", () => {
  it("after the request is on the wire: may have been processed, reason kept as cause, logged at error", async () => {
    let arrived: () => void = () => {};
    const arrival = new Promise<void>((resolve) => {
      arrived = resolve;
    });
    const server = await serve((_req, res) => {
      arrived();
      // Processed, but answered too late for the caller.
      setTimeout(() => sendJson(res, 201, seedResponse), 300);
    });
    const { lines, logger } = recordingLogger();
    const client = createCryptoMateClient({ apiKey: TEST_KEY, baseUrl: server.url, logger, logLevel: "info" });
    const controller = new AbortController();
    const call = rejection(client.requestProductEnablement(SEED_CLIENT_ID, body, { signal: controller.signal }));
    await arrival;
    const reason = new Error("user navigated away");
    controller.abort(reason);
    const error = await call;

    expect(server.requests).toHaveLength(1);
    expect(error).toBeInstanceOf(CryptoMateError);
    expect((error as Error).name).toBe("CryptoMateAbortError");
    expect((error as Error).cause).toBe(reason);
    expect((error as { requestSent: boolean }).requestSent).toBe(true);
    expect(mayHaveBeenProcessed(error)).toBe(true);
    expect(String(error)).toMatch(/may have been processed/);
    expect(lines.error.join("\n")).toMatch(/may have been processed/);
  });

  it("while still queued for a rate-limit slot: rejects with the reason itself, not processed", async () => {
    const server = await serve((_req, res) => sendJson(res, 201, seedResponse));
    const client = createCryptoMateClient({
      apiKey: TEST_KEY,
      baseUrl: server.url,
      rateLimit: { requestsPerSecond: 1 },
      logLevel: "off",
    });
    await client.requestProductEnablement(SEED_CLIENT_ID, body);
    const controller = new AbortController();
    const queued = rejection(client.requestProductEnablement("second-client", body, { signal: controller.signal }));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const reason = new Error("cancelled while queued");
    controller.abort(reason);
    const error = await queued;
    expect(error).toBe(reason);
    expect(mayHaveBeenProcessed(error)).toBe(false);
    expect(server.requests).toHaveLength(1);
  });
});

describe("a 3xx answer to the POST", () => {
  it.each([301, 302, 303, 307, 308])("%i: may have been processed, not followed, logged at error", async (status) => {
    const server = await serve((_req, res) => {
      res.writeHead(status, { location: "/management/clients/individuals/x/products/req_1" });
      res.end();
    });
    const { lines, logger } = recordingLogger();
    const client = createCryptoMateClient({ apiKey: TEST_KEY, baseUrl: server.url, logger, logLevel: "info" });
    const error = await rejection(client.requestProductEnablement(SEED_CLIENT_ID, body));
    expect(error).toBeInstanceOf(CryptoMateRedirectError);
    expect(mayHaveBeenProcessed(error)).toBe(true);
    expect(server.requests).toHaveLength(1);
    expect(lines.error.join("\n")).toMatch(/may have been processed/);
  });

  it("the CLI journals a 303 as in doubt, and does not POST it again while its products cannot be read", async () => {
    const server = await serve((_req, res) => {
      res.writeHead(303, { location: "/somewhere" });
      res.end();
    });
    const input = files.path("see-other.txt");
    const out = files.path("see-other.jsonl");
    await writeFile(input, "client-303\n");
    const args = [cli(), "batch", input, "--out", out, "--base-url", server.url];
    const first = await run(process.execPath, args, { env: CLI_ENV });
    expect(first.code, first.stderr).toBe(1);
    const second = await run(process.execPath, args, { env: CLI_ENV });
    expect(second.code, second.stderr).toBe(1);
    expect(second.stderr).toContain("client-303");
    // The rerun tried to read the client's products (answered 303 too) and sent nothing.
    expect(server.requests.map((request) => request.method)).toEqual(["POST", "GET"]);
  });
});

describe("an abort while a retry waits, after an attempt that may have been processed", () => {
  it("is a CryptoMateAbortError that may have been processed, not the bare reason", async () => {
    const server = await serve((_req, res) => sendJson(res, 503, { message: "busy" }));
    const { lines, logger } = recordingLogger();
    const client = createCryptoMateClient({
      apiKey: TEST_KEY,
      baseUrl: server.url,
      retryAmbiguousFailures: true,
      logger,
      logLevel: "info",
    });
    const controller = new AbortController();
    const call = rejection(client.requestProductEnablement(SEED_CLIENT_ID, body, { signal: controller.signal }));
    while (server.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const reason = new Error("user cancelled");
    controller.abort(reason);
    const error = await call;
    expect(server.requests).toHaveLength(1);
    expect((error as Error).name).toBe("CryptoMateAbortError");
    expect((error as Error).cause).toBe(reason);
    expect(mayHaveBeenProcessed(error)).toBe(true);
    expect(lines.error.join("\n")).toMatch(/may have been processed/);
  });

  it("an abort while a retry waits after a 429 (not processed) is the reason itself", async () => {
    const server = await serve((_req, res) => sendJson(res, 429, { message: "slow" }, { "retry-after": "2" }));
    const client = createCryptoMateClient({ apiKey: TEST_KEY, baseUrl: server.url, logLevel: "off" });
    const controller = new AbortController();
    const call = rejection(client.requestProductEnablement(SEED_CLIENT_ID, body, { signal: controller.signal }));
    while (server.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    // Let the 429 come back: the call then waits two seconds to retry.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const reason = new Error("user cancelled");
    controller.abort(reason);
    expect(await call).toBe(reason);
  });
});
