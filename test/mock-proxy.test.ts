import { request } from "node:http";
import { describe, expect, it } from "vitest";
import { freePort } from "../src/mock/start.js";
import { requireBuild, start } from "./helpers/process.js";
import { SEED_CLIENT_ID, seedResponse, sendJson, startServer } from "./helpers/server.js";

const PATH = "/management/clients/individuals";
const body = { subproduct: "cards_individuals" } as const;

const post = (url: string, clientId: string) =>
  fetch(`${url}${PATH}/${clientId}/products`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-api-key": "k" },
    body: JSON.stringify(body),
  });

/** Posts `parts` as a chunked body (no Content-Length), one write each; resolves to the answer. */
function postChunked(url: string, parts: string[]): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const outgoing = request(
      `${url}${PATH}/${SEED_CLIENT_ID}/products`,
      {
        method: "POST",
        headers: { "content-type": "application/json", "x-api-key": "k", "transfer-encoding": "chunked" },
        signal: AbortSignal.timeout(20_000),
      },
      (answer) => {
        let text = "";
        answer.setEncoding("utf8");
        answer.on("data", (chunk: string) => {
          text += chunk;
        });
        answer.on("end", () => resolve({ status: answer.statusCode ?? 0, text }));
        answer.on("error", reject);
      },
    );
    outgoing.on("error", reject);
    for (const part of parts) outgoing.write(part);
    outgoing.end();
  });
}

/** The mock as a process with `--proxy <upstream>`, listening on the URL it resolves to. */
async function startProxy(upstream: string) {
  const port = await freePort();
  const proxy = start(process.execPath, [
    requireBuild("mock-cli.js"),
    "--port",
    String(port),
    "--proxy",
    upstream,
    "--quiet",
  ]);
  await proxy.waitFor("validating proxy");
  return { proxy, url: `http://127.0.0.1:${port}` };
}

describe("cryptomate-enable-mock --proxy", () => {
  it("checks a live host against the spec: every call forwarded, drift printed with its field, a summary on exit", async () => {
    const upstream = await startServer((req, res) =>
      sendJson(res, 200, req.url?.includes("/drifted/") ? { ...seedResponse, created_at: 1713177000 } : seedResponse),
    );
    let proxy: Awaited<ReturnType<typeof startProxy>>["proxy"] | undefined;
    try {
      const started = await startProxy(upstream.url);
      proxy = started.proxy;
      expect((await post(started.url, "conforming")).status).toBe(200);
      expect((await post(started.url, "drifted")).status).toBe(200);
      expect(upstream.requests.map((request) => request.url)).toEqual([
        `${PATH}/conforming/products`,
        `${PATH}/drifted/products`,
      ]);
      await proxy.waitFor("created_at:");
      proxy.child.kill("SIGINT");
      const result = await proxy.done;
      expect(result.code).toBe(0);
      expect(result.stderr).toContain(`spec violation: POST ${PATH}/drifted/products -> 200`);
      expect(result.stdout).toContain("Proxy summary: 2 call(s) seen, 1 broke the spec");
      expect(result.stdout).toContain(`POST ${PATH}/drifted/products -> 200`);
      expect(result.stdout).not.toContain("conforming");
    } finally {
      proxy?.child.kill("SIGKILL");
      await upstream.close();
    }
  });

  it("forwards a chunked body as the upstream can read it, and reports no drift for a conforming answer", async () => {
    const upstream = await startServer((_req, res) => sendJson(res, 200, seedResponse));
    let proxy: Awaited<ReturnType<typeof startProxy>>["proxy"] | undefined;
    try {
      const started = await startProxy(upstream.url);
      proxy = started.proxy;
      const json = JSON.stringify(body);
      const answer = await postChunked(started.url, [json.slice(0, 10), json.slice(10)]);
      expect(upstream.requests.map((request) => request.body)).toEqual([json]);
      expect(upstream.requests[0]?.headers["transfer-encoding"]).toBeUndefined();
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.text)).toEqual(seedResponse);
      proxy.child.kill("SIGINT");
      const result = await proxy.done;
      expect(result.code).toBe(0);
      expect(result.stderr).not.toContain("spec violation");
      expect(result.stdout).toContain("Proxy summary: 1 call(s) seen, 0 broke the spec");
    } finally {
      proxy?.child.kill("SIGKILL");
      await upstream.close();
    }
  });

  it("adds no Prefer header of its own: the upstream sees only the caller's", async () => {
    const upstream = await startServer((_req, res) => sendJson(res, 200, seedResponse));
    let proxy: Awaited<ReturnType<typeof startProxy>>["proxy"] | undefined;
    try {
      const started = await startProxy(upstream.url);
      proxy = started.proxy;
      // A scenario's client id, and one that gets the default answer (201 for this operation).
      expect((await post(started.url, "test_404_notFound")).status).toBe(200);
      expect((await post(started.url, SEED_CLIENT_ID)).status).toBe(200);
      const preferred = await fetch(`${started.url}${PATH}/${SEED_CLIENT_ID}/products`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-api-key": "k", prefer: "respond-async" },
        body: JSON.stringify(body),
      });
      expect(preferred.status).toBe(200);
      expect(upstream.requests.map((request) => request.headers.prefer)).toEqual([
        undefined,
        undefined,
        "respond-async",
      ]);
      proxy.child.kill("SIGINT");
      expect((await proxy.done).code).toBe(0);
    } finally {
      proxy?.child.kill("SIGKILL");
      await upstream.close();
    }
  });
});
