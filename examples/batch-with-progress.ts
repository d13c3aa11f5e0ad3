/**
 * Many clients at once, paced under CryptoMate's limit, with a progress line and Ctrl-C support.
 *
 *   npm run -s build && npx esbuild examples/batch-with-progress.ts --platform=node --format=esm --outfile=.tmp/batch-with-progress.mjs
 *   CRYPTOMATE_API_KEY=local-mock-key node .tmp/batch-with-progress.mjs id1 id2 id3 ...
 *
 * It calls the local mock (npm run mock) unless CRYPTOMATE_BASE_URL names another host, such as
 * https://api.sandbox.cryptomate.me.
 */
import { createCryptoMateClient } from "cryptomate-product-enablement";

const ids = process.argv.slice(2);
const cryptomate = createCryptoMateClient({ baseUrl: process.env.CRYPTOMATE_BASE_URL ?? "http://127.0.0.1:4010" });
const stop = new AbortController();
process.once("SIGINT", () => stop.abort());

const summary = { succeeded: 0, failed: 0 };
for await (const outcome of cryptomate.requestProductEnablementBatch(
  ids,
  { subproduct: "cards_individuals" },
  {
    signal: stop.signal, // stops sending; requests already sent finish and are reported
    onProgress: (p) => process.stderr.write(`\r${p.succeeded + p.failed}/${ids.length} done, ${p.inFlight} in flight`),
  },
)) {
  if (outcome.ok) {
    summary.succeeded++;
    console.log(`${outcome.clientId}\t${outcome.request.status}`);
  } else {
    summary.failed++;
    console.log(`${outcome.clientId}\tfailed: ${outcome.error.name}`);
  }
}
process.stderr.write("\n");
console.log(JSON.stringify(summary));
process.exitCode = summary.failed > 0 ? 1 : 0;
