import { existsSync } from "node:fs";
import { mkdir, readFile } from "node:fs/promises";
import { build } from "esbuild";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import scenarios from "../generated/scenarios.json" with { type: "json" };
import { buildDocs } from "../scripts/docs.mjs";
import { CHROMIUM, launchChromium } from "./helpers/browser.js";
import { requireBuild, root } from "./helpers/process.js";
import { startServer, type TestServer } from "./helpers/server.js";
import { declaredStatuses } from "./helpers/spec.js";

// In CI a missing browser is a failure (.ci/run installs it); elsewhere these tests are
// reported as skipped, with the reason, until `apt-get install -y chromium` is run.
const skip = !existsSync(CHROMIUM) && !process.env.CI;
if (skip) console.warn(`browser tests skipped: ${CHROMIUM} is missing (apt-get install -y chromium)`);

let browser: Awaited<ReturnType<typeof launchChromium>>;
let site: TestServer;
const files = new Map<string, { type: string; body: string | Buffer }>();

beforeAll(async () => {
  if (skip) return;
  const page = await buildDocs(`${root}.tmp/docs-test`);
  files.set("/", { type: "text/html", body: await readFile(page) });
  site = await startServer((req, res) => {
    const file = files.get((req.url ?? "").split("?")[0] ?? "");
    if (!file) {
      res.writeHead(404);
      res.end();
      return;
    }
    res.writeHead(200, { "content-type": file.type });
    res.end(file.body);
  });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
});

async function open(path: string): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.context.newPage();
  const problems: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(message.text());
  });
  page.on("pageerror", (error) => problems.push(error.message));
  page.on("requestfailed", (request) => problems.push(`request failed: ${request.url()}`));
  page.on("response", (response) => {
    if (response.status() >= 400) problems.push(`${response.status()} for ${response.url()}`);
  });
  await page.goto(`${site.url}${path}`, { waitUntil: "load" });
  return { page, problems };
}

describe.skipIf(skip)("the docs site in Chromium", () => {
  it("shows the operation, its samples and every response status without console errors", async () => {
    const { page, problems } = await open("/");
    const body = page.locator("body");
    await expect
      .poll(() => body.innerText(), { timeout: 20_000 })
      .toContain("15 requests per second per source IP address");
    const overview = await body.innerText();
    for (const section of [
      "The enablement lifecycle",
      "Errors",
      "Rate limits",
      "Idempotency",
      "Using the typed client",
      "Mock scenarios",
      "Playing the flow with the stateful mock",
    ]) {
      expect(overview).toContain(section);
    }
    // The scenario tables, made from the spec's examples, are on the page: every operation's.
    for (const scenario of scenarios) expect(overview).toContain(scenario.clientId ?? scenario.email);
    for (const { operationId } of scenarios) expect(overview).toContain(operationId);
    // The flow: which call moves a request where, and how to play it with --stateful.
    expect(overview).toContain("what moves a request there");
    expect(overview).toContain("cryptomate-enable-mock --stateful");
    expect(overview).toContain("POST /__mock/reset");
    expect(overview).toMatch(/last name\s+is\s+Rejected/);
    expect(overview).toContain("createCryptoMateClient");
    // No link leads to a registry page of a package that is not published yet.
    const links = await page
      .locator("a[href^='http']")
      .evaluateAll((anchors) => anchors.map((anchor) => (anchor as HTMLAnchorElement).href));
    expect(links.filter((href) => href.includes("npmjs.com"))).toEqual([]);
    // Open the operation from the side menu, as a reader would.
    await page.getByText("Product enablement", { exact: true }).first().click();
    await page
      .getByRole("link", { name: /Request product enablement/ })
      .first()
      .click();
    await expect.poll(() => body.innerText(), { timeout: 20_000 }).toContain("Responses");
    const text = await body.innerText();
    expect(text).toContain("/management/clients/individuals/{clientId}/products");
    expect(text).toContain("clientId");
    expect(text).toContain("subproduct");
    // The request sample (the cURL call).
    expect(text).toContain("x-api-key: $CRYPTOMATE_API_KEY");
    // Every documented status has its button, and each shows its response sample. The page
    // renders operations as they come into view, and other operations have buttons of their own:
    // look in this operation's section, once it is there.
    const operation = page.locator('[id$="/requestproductenablement"]').first();
    const button = (status: string) => operation.locator("button").filter({ hasText: new RegExp(`^${status}$`) });
    const responses = operation.locator("button").filter({ hasText: /^\d{3}$/ });
    await expect
      .poll(async () => (await responses.allInnerTexts()).map((label) => label.trim()), { timeout: 20_000 })
      .toEqual(expect.arrayContaining(declaredStatuses));
    await button("404").last().click();
    await expect.poll(() => operation.innerText()).toContain("Resource not found");
    await button("409").last().click();
    await expect
      .poll(() => operation.innerText())
      .toContain("An enablement request is already active for this product");
    await button("429").last().click();
    await expect.poll(() => operation.innerText()).toContain("Retry-After");
    await button("200").last().click();
    await expect.poll(() => operation.innerText()).toContain("pending_documentation");
    await mkdir(`${root}test-results`, { recursive: true });
    await page.screenshot({ path: `${root}test-results/docs.png`, fullPage: false });
    expect(problems).toEqual([]);
  });
});

describe.skipIf(skip)("the core entry in Chromium", () => {
  it("runs in a browser page (fetch only, no Node built-ins) against the Prism mock", async () => {
    const bundle = await build({
      entryPoints: [requireBuild("index.js")],
      bundle: true,
      format: "esm",
      platform: "browser",
      write: false,
      logLevel: "silent",
    });
    files.set("/client.js", { type: "text/javascript", body: bundle.outputFiles[0]?.text ?? "" });
    files.set("/client.html", {
      type: "text/html",
      body: `<!doctype html><meta charset="utf-8"><title>client</title><pre id="out">running</pre>
<script type="module">
  import { createCryptoMateClient, CryptoMateNotFoundError } from "/client.js";
  const out = document.getElementById("out");
  const baseUrl = new URL(location.href).searchParams.get("api");
  try {
    const client = createCryptoMateClient({ apiKey: "browser-test-key", baseUrl });
    const request = await client.requestProductEnablement("4QWq1rQtjnLM0wMswTRY9AmM4XTvY4GG", { subproduct: "cards_individuals" });
    const failing = createCryptoMateClient({ apiKey: "browser-test-key", baseUrl, headers: { Prefer: "code=404" } });
    const error = await failing.requestProductEnablement("nobody", { subproduct: "cards_individuals" }).catch((e) => e);
    out.textContent = JSON.stringify({ status: request.status, notFound: error instanceof CryptoMateNotFoundError, code: error.code });
  } catch (error) {
    out.textContent = "failed: " + error;
  }
</script>`,
    });
    const { page, problems } = await open(`/client.html?api=${encodeURIComponent(inject("prismUrl"))}`);
    await expect.poll(() => page.locator("#out").innerText(), { timeout: 15_000 }).not.toBe("running");
    expect(JSON.parse(await page.locator("#out").innerText())).toEqual({
      status: "pending_documentation",
      notFound: true,
      code: "NOT_FOUND",
    });
    // The asked-for 404 is expected (Chromium logs it as a failed resource); nothing else may fail.
    expect(problems.filter((problem) => !problem.includes("404"))).toEqual([]);
    expect(problems.filter((problem) => problem.startsWith("404 for")).map((p) => p.replace(/^404 for /, ""))).toEqual([
      `${inject("prismUrl")}/management/clients/individuals/nobody/products`,
    ]);
  });
});
