/**
 * A page on another origin (another loopback port) walks the whole flow with fetch against
 * `cryptomate-enable-mock --stateful` as a process: every call is cross-origin, preflighted for
 * its x-api-key and content-type, and the page reads the exposed trace id.
 */
import { existsSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../src/mock/start.js";
import { CHROMIUM, launchChromium } from "./helpers/browser.js";
import { PERSON } from "./helpers/flow.js";
import { dataUri, jpeg } from "./helpers/images.js";
import { type Running, requireBuild, start } from "./helpers/process.js";
import { startServer, type TestServer } from "./helpers/server.js";

const skip = !existsSync(CHROMIUM) && !process.env.CI;
if (skip) console.warn(`browser tests skipped: ${CHROMIUM} is missing (apt-get install -y chromium)`);

let browser: Awaited<ReturnType<typeof launchChromium>>;
let site: TestServer;
const mocks: Running[] = [];

/** The mock as a process on a free loopback port; stopped after the file. */
async function mock(...args: string[]): Promise<string> {
  const port = await freePort();
  const running = start(process.execPath, [requireBuild("mock-cli.js"), "--port", String(port), "--quiet", ...args]);
  mocks.push(running);
  await running.waitFor("mock listening on");
  return `http://127.0.0.1:${port}`;
}

beforeAll(async () => {
  if (skip) return;
  site = await startServer((_req, res) => {
    res.writeHead(200, { "content-type": "text/html" });
    res.end("<!doctype html><title>front end</title><p>front end</p>");
  });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
  for (const running of mocks) running.child.kill("SIGTERM");
  await Promise.all(mocks.map((running) => running.done));
});

/** What the page's calls saw: each call's status, its trace id as the page reads it, and its body. */
type Seen = { status: number; trace: string | null; body: unknown }[];

/** The flow, run inside the page: create, request, upload a JPEG as a data: URI, submit, read. */
async function flowInPage([base, person, image, reviewMs]: [string, typeof PERSON, string, number]): Promise<Seen> {
  const seen: Seen = [];
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${base}/management/clients/individuals${path}`, {
      method,
      headers: { "x-api-key": "browser-team-key", "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = await response.json();
    seen.push({ status: response.status, trace: response.headers.get("x-trace-id"), body: json });
    return json;
  };
  const client = await call("POST", "", { ...person, phone_country_code: 54, phone_number: 1168860622 });
  const request = await call("POST", `/${client.id}/products`, { subproduct: "cards_individuals" });
  const documents = `/${client.id}/products/${request.id}`;
  await call("POST", `${documents}/documentation`, {
    document: { document_type: "passport", image_front: image, metadata: { number: "AB1234567" } },
  });
  await call("POST", `${documents}/submit`);
  // Read the status until the review is over (bounded).
  for (let attempt = 0; attempt < 100; attempt++) {
    const list = await call("GET", `/${client.id}/products`);
    if (list[0]?.status !== "in_kyc") break;
    await new Promise((resolve) => setTimeout(resolve, reviewMs));
  }
  return seen;
}

describe.skipIf(skip)("a browser page on another origin", () => {
  it("walks the whole flow against the stateful mock with fetch, reading each answer's trace id", async () => {
    const base = await mock("--stateful", "--review-ms", "100");
    const page = await browser.context.newPage();
    await page.goto(site.url);
    expect(new URL(page.url()).origin).not.toBe(new URL(base).origin);
    const person = { ...PERSON, email: `browser.${Date.now()}@example.com` };
    const args: [string, typeof PERSON, string, number] = [base, person, dataUri("image/jpeg", jpeg()), 100];
    const seen = await page.evaluate(flowInPage, args);
    expect(seen.slice(0, 4).map(({ status }) => status)).toEqual([201, 201, 200, 200]);
    for (const { trace } of seen) expect(trace).toMatch(/^[0-9a-f]{32}$/);
    expect((seen[2]?.body as { rejected_items?: unknown[] } | undefined)?.rejected_items).toEqual([]);
    expect((seen[3]?.body as { product?: { status: string } } | undefined)?.product?.status).toBe("in_kyc");
    const last = seen.at(-1)?.body as { status: string }[];
    expect(last[0]?.status).toBe("enabled");
    await page.close();
  });

  it("is refused by the browser when --cors-origin names another origin", async () => {
    const base = await mock("--stateful", "--cors-origin", "http://localhost:1");
    const page = await browser.context.newPage();
    await page.goto(site.url);
    const outcome = await page.evaluate(async (base) => {
      try {
        await fetch(`${base}/management/clients/individuals/someone`, { headers: { "x-api-key": "k" } });
        return "answered";
      } catch (error) {
        return `refused: ${(error as Error).name}`;
      }
    }, base);
    expect(outcome).toBe("refused: TypeError");
    await page.close();
  });
});
