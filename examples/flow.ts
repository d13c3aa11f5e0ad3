/**
 * The enablement flow in five steps, as the README shows it, run against the stateful mock:
 *
 *   npm run mock -- --stateful          # in another terminal: http://127.0.0.1:4010
 *   CRYPTOMATE_API_KEY=local-mock-key node flow.js passport.jpg
 *
 * `passport.jpg` is any JPEG or PNG of at most 10 MB. CRYPTOMATE_BASE_URL names another host
 * (the mock's default is http://127.0.0.1:4010). Against the mock a client whose last name is
 * `Rejected` ends `rejected` instead of `enabled`.
 */
import { readFileSync } from "node:fs";
import { createCryptoMateClient } from "cryptomate-product-enablement";

// README:begin
const passportFile = process.argv[2]; // a JPEG or PNG of at most 10 MB, such as examples/passport.jpg
if (!passportFile) throw new Error("usage: node flow.mjs <passport.jpg>");
// The key comes from CRYPTOMATE_API_KEY (any value works against the mock).
const cryptomate = createCryptoMateClient({ baseUrl: process.env.CRYPTOMATE_BASE_URL ?? "http://127.0.0.1:4010" });
const person = {
  first_name: "Maria",
  last_name: "Barber",
  // An email may belong to one client only: a second create with it answers 400 "already exists".
  email: `maria.barber+${Date.now()}@example.com`,
  birth_date: "1984-11-21",
  address: { street_line1: "Florida 9860", city: "Del Viso", postal_code: "1669", state: "ARG-B", country: "ARG" },
};
// 1. Register the person (or read an existing client with getIndividualClient(clientId)).
const { id: clientId } = await cryptomate.createIndividualClient(person);
// 2. Request the product: the answer lists the data and documents still missing.
const request = await cryptomate.requestProductEnablement(clientId, { subproduct: "cards_individuals" });
// 3. Send missing data: an update replaces the whole client, so send every field again.
await cryptomate.updateIndividualClient(clientId, { ...person, phone_country_code: 54, phone_number: 1122334455 });
// 4. Send each missing document: a file's bytes (JPEG or PNG, at most 10 MB) or a data: URI.
//    A document the API refuses comes back in rejected_items with the reason, not as an error.
const sent = await cryptomate.completeProductDocumentation(clientId, request.id, {
  document: { document_type: "passport", image_front: readFileSync(passportFile), metadata: { number: "AB1234567" } },
});
for (const item of sent.rejected_items) console.error(`rejected ${item.key}: ${item.reason}`);
// 5. Submit: with nothing missing the request moves to in_kyc; otherwise it stays
//    pending_documentation and missing_requirements says what is left.
const { product } = await cryptomate.submitProductEnablementRequest(clientId, request.id);
if (product.status === "pending_documentation") {
  const { documents, data } = product.missing_requirements;
  const missing = [...documents, ...data].map((item) => item.name);
  throw new Error(`still missing: ${missing.join(", ")}`);
}
console.log(`${clientId}: ${product.status}`); // in_kyc: CryptoMate's review ends it enabled or rejected
// Follow it: every request of the client, newest first.
const [latest] = await cryptomate.listClientProducts(clientId);
// README:end
console.log(`latest request ${latest?.id}: ${latest?.status}`);
