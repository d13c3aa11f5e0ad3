#!/usr/bin/env node
// The main job, runnable with no credentials and no network: start the Prism mock of the spec,
// request card enablement for the documented example client through the typed client, print
// what is still missing as a checklist, stop the mock.
import { formatChecklist } from "../dist/checklist.js";
import { CryptoMateError, createCryptoMateClient } from "../dist/index.js";
import { startMock } from "../dist/mock.js";

const clientId = process.argv[2] ?? "4QWq1rQtjnLM0wMswTRY9AmM4XTvY4GG";

console.log("Starting the local CryptoMate mock (Prism) ...");
const mock = await startMock();
let exitCode = 0;
try {
  const client = createCryptoMateClient({ apiKey: "local-mock-key", baseUrl: mock.url });
  console.log(`Requesting cards_individuals for client ${clientId} at ${mock.url}\n`);
  const request = await client.requestProductEnablement(clientId, { subproduct: "cards_individuals" });
  console.log(formatChecklist(request));
} catch (error) {
  exitCode = 1;
  console.error(error instanceof CryptoMateError ? `${error.name}: ${error.message}` : error);
} finally {
  await mock.stop();
}
process.exitCode = exitCode;
