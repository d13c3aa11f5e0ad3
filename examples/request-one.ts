/**
 * One enablement request, with the errors a caller should tell apart.
 *
 *   npm run -s build && npx esbuild examples/request-one.ts --platform=node --format=esm --outfile=.tmp/request-one.mjs
 *   CRYPTOMATE_API_KEY=local-mock-key node .tmp/request-one.mjs <clientId>
 *
 * It calls the local mock (npm run mock) unless CRYPTOMATE_BASE_URL names another host, such as
 * https://api.sandbox.cryptomate.me.
 */
import {
  CryptoMateAuthenticationError,
  CryptoMateError,
  CryptoMateNotFoundError,
  CryptoMateRateLimitError,
  createCryptoMateClient,
  mayHaveBeenProcessed,
} from "cryptomate-product-enablement";

const clientId = process.argv[2] ?? "4QWq1rQtjnLM0wMswTRY9AmM4XTvY4GG";
const cryptomate = createCryptoMateClient({ baseUrl: process.env.CRYPTOMATE_BASE_URL ?? "http://127.0.0.1:4010" });

try {
  const { data, traceId } = await cryptomate
    .requestProductEnablement(clientId, { subproduct: "cards_individuals" })
    .withResponse();
  console.log(`${clientId}: ${data.status} (request ${data.id}, trace ${traceId ?? "none"})`);
  for (const document of data.missing_requirements.documents) console.log(`  needs document: ${document.name}`);
  for (const group of data.missing_requirements.data) console.log(`  needs data: ${group.name}`);
} catch (error) {
  if (error instanceof CryptoMateNotFoundError) console.error(`${clientId}: no such client`);
  else if (error instanceof CryptoMateAuthenticationError)
    console.error("the API key may not do this (level 3 needed)");
  else if (error instanceof CryptoMateRateLimitError) console.error(`rate limited: retry in ${error.retryAfterMs} ms`);
  else if (error instanceof CryptoMateError && mayHaveBeenProcessed(error)) {
    console.error(`outcome unknown, check before resending: ${error.message}`);
  } else throw error;
  process.exitCode = 1;
}
