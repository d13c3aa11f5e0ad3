/**
 * The ESM and CommonJS builds loaded in one process (the dual-package hazard) have separate
 * classes; an error made by one must still be `instanceof` the other's classes. Checked in a
 * real Node process that imports dist/index.js and requires dist/index.cjs.
 */
import { describe, expect, it } from "vitest";
import { requireBuild, run } from "./helpers/process.js";

const script = (esm: string, cjs: string) => `
import { createRequire } from "node:module";
import { createServer } from "node:http";
const esm = await import(${JSON.stringify(esm)});
const cjs = createRequire(import.meta.url)(${JSON.stringify(cjs)});
const server = createServer((req, res) => {
  req.resume();
  req.on("end", () => {
    const status = req.url.includes("/gone/") ? 404 : 503;
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify({ code: "X", message: "no" }));
  });
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const baseUrl = "http://127.0.0.1:" + server.address().port;
const client = esm.createCryptoMateClient({ apiKey: "dual-package-key", baseUrl, logLevel: "off", maxRetries: 0 });
const notFound = await client.requestProductEnablement("gone", { subproduct: "cards_individuals" }).catch((e) => e);
const unavailable = await client.requestProductEnablement("busy", { subproduct: "cards_individuals" }).catch((e) => e);
server.close();
const fromCjs = new cjs.CryptoMateInputError("clientId", "must not be empty");
console.log(JSON.stringify({
  distinctClasses: esm.CryptoMateNotFoundError !== cjs.CryptoMateNotFoundError,
  notFound: [
    notFound instanceof cjs.CryptoMateNotFoundError,
    notFound instanceof cjs.CryptoMateApiError,
    notFound instanceof cjs.CryptoMateError,
    notFound instanceof Error,
    notFound instanceof cjs.CryptoMateServerError,
    notFound instanceof cjs.CryptoMateConnectionError,
  ],
  unavailable: [unavailable instanceof cjs.CryptoMateServerError, cjs.mayHaveBeenProcessed(unavailable)],
  fromCjs: [fromCjs instanceof esm.CryptoMateInputError, fromCjs instanceof esm.CryptoMateError, fromCjs instanceof esm.CryptoMateApiError],
  sameBuild: [notFound instanceof esm.CryptoMateNotFoundError, notFound instanceof esm.CryptoMateServerError],
  userSubclass: (() => {
    class MyError extends esm.CryptoMateNotFoundError {}
    const mine = new MyError({ status: 404, method: "GET", url: "https://x/y", body: "", headers: new Headers() });
    return [mine instanceof cjs.CryptoMateNotFoundError, mine instanceof MyError, notFound instanceof MyError];
  })(),
  plain: [({}) instanceof cjs.CryptoMateError, null instanceof cjs.CryptoMateError, "x" instanceof cjs.CryptoMateError],
}));
`;

describe("the ESM and CommonJS builds in one process", () => {
  it("agree on instanceof for every error, both ways, and nothing else matches", async () => {
    const result = await run(process.execPath, [
      "--input-type=module",
      "-e",
      script(requireBuild("index.js"), requireBuild("index.cjs")),
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      distinctClasses: true,
      notFound: [true, true, true, true, false, false],
      unavailable: [true, true],
      fromCjs: [true, true, false],
      sameBuild: [true, false],
      userSubclass: [true, true, false],
      plain: [false, false, false],
    });
  });
});
