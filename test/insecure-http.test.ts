/**
 * Plain http to a host other than loopback: refused by default, allowed by one explicit opt-in
 * (allowInsecureHttp, --allow-insecure-http, CRYPTOMATE_ALLOW_INSECURE_HTTP=1). The mock is
 * reached as cryptomate-mock.test, a name mapped to 127.0.0.1: by a fetch that rewrites the host
 * for the typed client, and by a preloaded module for the CLI process. Nothing leaves loopback.
 */

import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { type CryptoMateClientOptions, createCryptoMateClient } from "../src/index.js";
import { CLI_ENV, cli, tempDirPerFile } from "./helpers/cli.js";
import { run } from "./helpers/process.js";
import { SEED_CLIENT_ID, seedResponse, sendJson, serverPerTest, TEST_KEY } from "./helpers/server.js";

const serve = serverPerTest();
const HOST = "cryptomate-mock.test";
const ENV = "CRYPTOMATE_ALLOW_INSECURE_HTTP";
const PRELOAD = fileURLToPath(new URL("./fixtures/map-mock-host.mjs", import.meta.url));
const body = { subproduct: "cards_individuals" } as const;

/** A fetch that sends a request for cryptomate-mock.test to 127.0.0.1, and refuses any other host. */
const mappedFetch: typeof fetch = async (input, init) => {
  const request = new Request(input, init);
  const url = new URL(request.url);
  if (url.hostname !== HOST) throw new Error(`unexpected host ${url.hostname}`);
  url.hostname = "127.0.0.1";
  const payload = request.method === "GET" ? undefined : await request.arrayBuffer();
  return fetch(url, { method: request.method, headers: request.headers, body: payload, redirect: "manual" });
};

/** The mock, answering the enablement request; its URL under the mapped name. */
async function mock() {
  const server = await serve((_req, res) => sendJson(res, 201, seedResponse));
  return { server, url: server.url.replace("127.0.0.1", HOST) };
}

const clientAt = (baseUrl: string, options: Partial<CryptoMateClientOptions> = {}) =>
  createCryptoMateClient({ apiKey: TEST_KEY, baseUrl, fetch: mappedFetch, logLevel: "off", ...options });

const saved = process.env[ENV];
afterEach(() => {
  if (saved === undefined) delete process.env[ENV];
  else process.env[ENV] = saved;
});

describe("the typed client and plain http to another host", () => {
  it("refuses it by default, naming the opt-in, and sends nothing", async () => {
    delete process.env[ENV];
    const { server, url } = await mock();
    expect(() => clientAt(url)).toThrow(/baseUrl must use https: for cryptomate-mock\.test.*allowInsecureHttp: true/);
    expect(server.requests).toHaveLength(0);
  });

  it("allowInsecureHttp: true lets the call through, key and all", async () => {
    delete process.env[ENV];
    const { server, url } = await mock();
    const client = clientAt(url, { allowInsecureHttp: true });
    await expect(client.requestProductEnablement(SEED_CLIENT_ID, body)).resolves.toEqual(seedResponse);
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]?.headers["x-api-key"]).toBe(TEST_KEY);
  });

  it(`${ENV}=1 lets it through when the option is left out; an explicit false still refuses`, async () => {
    process.env[ENV] = "1";
    const { server, url } = await mock();
    await expect(clientAt(url).requestProductEnablement(SEED_CLIENT_ID, body)).resolves.toEqual(seedResponse);
    expect(() => clientAt(url, { allowInsecureHttp: false })).toThrow(/must use https/);
    expect(server.requests).toHaveLength(1);
  });

  it(`${ENV}=0 refuses, and an explicit true wins over it`, async () => {
    process.env[ENV] = "0";
    const { url } = await mock();
    expect(() => clientAt(url)).toThrow(/must use https/);
    expect(() => clientAt(url, { allowInsecureHttp: true })).not.toThrow();
  });

  for (const odd of ["yes", "true", " 1", "2"]) {
    it(`refuses ${ENV}=${JSON.stringify(odd)} with an error naming the variable, whatever the URL`, () => {
      process.env[ENV] = odd;
      expect(() => clientAt("https://api.cryptomate.me")).toThrow(`${ENV} must be 1 or 0, got ${JSON.stringify(odd)}`);
    });
  }

  it("refuses an allowInsecureHttp that is not a boolean", () => {
    expect(() => clientAt("http://127.0.0.1:9", { allowInsecureHttp: "yes" as never })).toThrow(
      "allowInsecureHttp must be true or false",
    );
  });

  it("loopback hosts need no opt-in", () => {
    delete process.env[ENV];
    expect(() => clientAt("http://127.0.0.1:9")).not.toThrow();
  });
});

describe("the CLI and plain http to another host", () => {
  const temp = tempDirPerFile("insecure-http");
  const request = (url: string, extra: string[] = [], env: Record<string, string> = {}) =>
    run(process.execPath, ["--import", PRELOAD, cli(), "request", SEED_CLIENT_ID, "--base-url", url, ...extra], {
      env: { ...CLI_ENV, [ENV]: "", ...env },
    });

  it("refuses it by default with exit 2, naming --allow-insecure-http, and sends nothing", async () => {
    const { server, url } = await mock();
    const result = await request(url);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--base-url must use https: for cryptomate-mock.test");
    expect(result.stderr).toContain("--allow-insecure-http");
    expect(server.requests).toHaveLength(0);
  });

  it("--allow-insecure-http reaches the mock, and the checklist's commands keep the flag", async () => {
    const { server, url } = await mock();
    const result = await request(url, ["--allow-insecure-http"]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(`--base-url ${url} --allow-insecure-http`);
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]?.headers.host).toBe(url.replace("http://", ""));
  });

  it("batch --dry-run refuses what the run would refuse, and allows what it would allow", async () => {
    const { server, url } = await mock();
    const input = temp.path("ids.txt");
    writeFileSync(input, `${SEED_CLIENT_ID}\n`);
    const dry = (extra: string[]) =>
      run(
        process.execPath,
        [
          "--import",
          PRELOAD,
          cli(),
          "batch",
          input,
          "--out",
          temp.path(`out-${extra.length}.jsonl`),
          "--dry-run",
        ].concat(["--base-url", url, ...extra]),
        { env: { ...CLI_ENV, [ENV]: "" } },
      );
    const refused = await dry([]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("--allow-insecure-http");
    const allowed = await dry(["--allow-insecure-http"]);
    expect(allowed.code, allowed.stderr).toBe(0);
    expect(server.requests).toHaveLength(0);
  });

  it(`${ENV}=1 reaches it too; an odd value is a usage error`, async () => {
    const { server, url } = await mock();
    const allowed = await request(url, [], { [ENV]: "1" });
    expect(allowed.code, allowed.stderr).toBe(0);
    const odd = await request(url, [], { [ENV]: "yes" });
    expect(odd.code).toBe(2);
    expect(odd.stderr).toContain(`${ENV} must be 1 or 0, got "yes"`);
    expect(server.requests).toHaveLength(1);
  });
});
