// How long a 400 with a 4 MB body takes to become an error (read, key redacted, image data
// scrubbed), for bodies of base64 in its forms against plain text of the same size, measured in
// alternating rounds of the same run against a server in a child process.
import { createCryptoMateClient } from "../../dist/index.js";
import { SHAPES } from "../lib/error-body-server.mjs";
import { childProcessServer, fmt, KEY, median, quick, row } from "./common.mjs";

const LABELS = {
  base64: "one base64 run",
  wrapped: "base64 wrapped at 76 with CRLF",
  "short-runs": "base64 runs of 150 between spaces",
  "data-uris": "data: URIs",
  "data-no-comma": '"data:" with no comma after it',
  json: "a JSON message holding base64",
  backslashes: "backslashes",
  "escaped-base64": "base64 with + written \\u002B",
};

export async function errorBodyCost() {
  console.error("error from a 4 MB body, by shape");
  const server = await childProcessServer("error-body-server.mjs");
  const client = createCryptoMateClient({ apiKey: KEY, baseUrl: server.url, rateLimit: false, logLevel: "off" });
  const once = async (shape) => {
    const started = performance.now();
    const error = await client.getIndividualClient(shape).then(
      () => undefined,
      (failure) => failure,
    );
    const elapsed = performance.now() - started;
    if (error?.status !== 400) throw new Error(`expected a 400 for ${shape}, got ${error}`);
    return elapsed;
  };
  const shapes = Object.keys(SHAPES);
  const samples = Object.fromEntries(shapes.map((shape) => [shape, []]));
  for (const shape of shapes) await once(shape);
  const rounds = quick ? 5 : 11;
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 ? [...shapes].reverse() : shapes;
    for (const shape of order) samples[shape].push(await once(shape));
  }
  const plain = median(samples.plain);
  for (const [shape, label] of Object.entries(LABELS)) {
    const value = median(samples[shape]);
    row(
      `error from a 4 MB 400 body, ${label} / plain text`,
      `${fmt(value, 1)} ms`,
      `plain text ${fmt(plain, 1)} ms`,
      fmt(value / plain),
      "<= 3",
    );
  }
  await server.stop();
}
