// Per-call cost of every operation of the spec: the client against bare openapi-fetch making
// the same call, against a local server in a child process that answers each with its example.
import createClient from "openapi-fetch";
import { createCryptoMateClient } from "../../dist/index.js";
import { OPERATIONS } from "../../generated/operations.js";
import { body, childProcessServer, KEY, median, quick, timeRow } from "./common.mjs";

const person = {
  first_name: "Maria",
  last_name: "Barber",
  email: "mjuliabarber@example.com",
  birth_date: "1984-11-21",
  address: { street_line1: "Florida 9860", city: "Del Viso", postal_code: "1669", state: "ARG-B", country: "ARG" },
};
const documentation = {
  document: {
    document_type: "passport",
    image_front:
      "data:image/jpeg;base64,/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkSEw8UHRofHh0aHBwg",
    metadata: { number: "AB1234567" },
  },
};
const BODIES = {
  createIndividualClient: person,
  updateIndividualClient: person,
  requestProductEnablement: body,
  completeProductDocumentation: documentation,
};
const IDS = { clientId: "4QWq1rQtjnLM0wMswTRY9AmM4XTvY4GG", productRequestId: "2VvyMx6rNLRB1W9euCyJGe46qyoiVPzh" };

export async function perOperationCost() {
  console.error("per-call cost of every operation against a local server");
  const server = await childProcessServer("canned-server.mjs");
  const bare = createClient({ baseUrl: server.url });
  const ours = createCryptoMateClient({ apiKey: KEY, baseUrl: server.url, rateLimit: false });
  for (const [id, { method, path, params, body: hasBody }] of Object.entries(OPERATIONS)) {
    const pathParams = Object.fromEntries(params.map((name) => [name, IDS[name]]));
    const payload = BODIES[id];
    const viaOpenapiFetch = async () => {
      const { error } = await bare[method](path, {
        params: { path: pathParams },
        ...(hasBody ? { body: payload } : {}),
        headers: { "x-api-key": KEY },
      });
      if (error) throw new Error(`${id}: ${JSON.stringify(error)}`);
    };
    const viaClient = () => ours[id](...params.map((name) => IDS[name]), ...(hasBody ? [payload] : []));
    const variants = { viaOpenapiFetch, viaClient };
    const samples = { viaOpenapiFetch: [], viaClient: [] };
    for (const run of Object.values(variants)) for (let i = 0; i < 200; i++) await run();
    // Calls alternate one by one, the order flipping each round, so that drift in the machine's
    // speed falls on both alike.
    const rounds = quick ? 20 : 60;
    for (let round = 0; round < rounds; round++) {
      const order = Object.entries(variants);
      if (round % 2) order.reverse();
      for (let i = 0; i < 25; i++) {
        for (const [name, run] of order) {
          const started = performance.now();
          await run();
          samples[name].push(performance.now() - started);
        }
      }
    }
    timeRow(
      `per call, ${id}: client / openapi-fetch`,
      median(samples.viaClient),
      median(samples.viaOpenapiFetch),
      "<= 1.07",
    );
  }
  await server.stop();
}
