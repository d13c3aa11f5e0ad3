#!/usr/bin/env node
// The main job, runnable with no credentials and no network: start the Prism mock of the spec,
// request card enablement for the documented example client through the typed client, print
// what is still missing as a checklist, stop the mock.
import { formatChecklist } from "../dist/checklist.js";
import { CryptoMateError, createCryptoMateClient } from "../dist/index.js";
import { startMock } from "../dist/mock.js";

/** Where `npm run mock` answers by default. */
const LOCAL_MOCK = "http://127.0.0.1:4010";
const clientId = process.argv[2] ?? "4QWq1rQtjnLM0wMswTRY9AmM4XTvY4GG";

console.log("Starting the local CryptoMate mock (Prism) ...");
const mock = await startMock();
let exitCode = 0;
try {
  const client = createCryptoMateClient({ apiKey: "local-mock-key", baseUrl: mock.url });
  console.log(`Requesting cards_individuals for client ${clientId} at ${mock.url}\n`);
  const request = await client.requestProductEnablement(clientId, { subproduct: "cards_individuals" });
  // The commands the checklist shows name the mock's usual address: pasted as they are, they go
  // to `npm run mock`, never to CryptoMate's production API (the CLI's default host).
  console.log(formatChecklist(request, { cliFlags: ["--base-url", LOCAL_MOCK] }));
  console.log(`
The mock used above has stopped. To run those commands, start one on ${LOCAL_MOCK} in another
terminal (npm run mock), then: export CRYPTOMATE_API_KEY=local-mock-key (any key works there),
and run them with npx in front (npx cryptomate-enable ...) inside this repository.
The whole flow, from creating a client to its review, plays on npm run mock -- --stateful.`);
} catch (error) {
  exitCode = 1;
  console.error(error instanceof CryptoMateError ? `${error.name}: ${error.message}` : error);
} finally {
  await mock.stop();
}
process.exitCode = exitCode;
