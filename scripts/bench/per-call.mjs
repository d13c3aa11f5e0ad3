// Per-call cost of the client against bare openapi-fetch and raw fetch, on loopback.
import createClient from "openapi-fetch";
import { createCryptoMateClient } from "../../dist/index.js";
import { body, childServer, KEY, median, PATH, quick, timeRow } from "./common.mjs";

export async function perCallCost() {
  console.error("per-call cost against a local server");
  const server = await childServer(1e9);
  const url = `${server.url}/management/clients/individuals/bench-client/products`;
  const raw = async () => {
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", "x-api-key": KEY },
      body: JSON.stringify(body),
    });
    return response.json();
  };
  const bare = createClient({ baseUrl: server.url });
  const openapiFetch = () =>
    bare.POST(PATH, { params: { path: { clientId: "bench-client" } }, body, headers: { "x-api-key": KEY } });
  const wrapper = createCryptoMateClient({ apiKey: KEY, baseUrl: server.url, rateLimit: false });
  const ours = () => wrapper.requestProductEnablement("bench-client", body);
  const limited = createCryptoMateClient({ apiKey: KEY, baseUrl: server.url, rateLimit: { requestsPerSecond: 1000 } });
  const oursLimited = () => limited.requestProductEnablement("bench-client", body);

  const variants = { raw, openapiFetch, ours, oursLimited };
  const samples = Object.fromEntries(Object.keys(variants).map((name) => [name, []]));
  for (const run of Object.values(variants)) for (let i = 0; i < 300; i++) await run();
  const rounds = quick ? 10 : 30;
  for (let round = 0; round < rounds; round++) {
    const order = Object.entries(variants);
    if (round % 2) order.reverse();
    for (const [name, run] of order) {
      for (let i = 0; i < 100; i++) {
        const started = performance.now();
        await run();
        samples[name].push(performance.now() - started);
      }
    }
  }
  const m = Object.fromEntries(Object.entries(samples).map(([name, values]) => [name, median(values)]));
  const compare = (label, name, baseline, goal = "") => timeRow(label, m[name], m[baseline], goal);
  compare("per call, client (limiting off) / openapi-fetch", "ours", "openapiFetch", "<= 1.05");
  compare("per call, client (limiting on, 1000/s) / openapi-fetch", "oursLimited", "openapiFetch");
  compare("per call, openapi-fetch / raw fetch", "openapiFetch", "raw", "reported");
  compare("per call, client (limiting off) / raw fetch", "ours", "raw", "reported");
  await server.stop();
}
