// A local server that refuses every call with a 400 whose body is 4 MB of text of one shape,
// named by the last segment of the path (plain text, base64 in its forms, data: URIs), for the
// error-body benchmark. Listens on 127.0.0.1 only; run as a program it prints its URL and stops
// when its standard input ends.
import { createServer } from "node:http";
import { fileURLToPath } from "node:url";

export const BODY_SIZE = 4_000_000;

/** `unit` repeated to exactly `size` characters. */
const fill = (unit, size = BODY_SIZE) => unit.repeat(Math.ceil(size / unit.length)).slice(0, size);

/** Pseudo-random base64 (no crypto needed: only its alphabet and length matter). */
function base64(size) {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  let seed = 42;
  let out = "";
  for (let i = 0; i < 4096; i++) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    out += alphabet[seed % 64];
  }
  return fill(out, size);
}

const run = base64(BODY_SIZE);

/** Each shape's body and content type. */
export const SHAPES = {
  plain: ["text/plain", fill("The request could not be completed as sent; check each field and try again. ")],
  base64: ["text/plain", run],
  wrapped: ["text/plain", fill(run.slice(0, 76 * 1000).replace(/.{76}/g, "$&\r\n"))],
  "short-runs": ["text/plain", fill(`${run.slice(0, 150).replace(/[+]/g, "A")} `)],
  "data-uris": ["text/plain", fill(`data:image/png;base64,${run.slice(0, 200)} `)],
  "data-no-comma": ["text/plain", fill("data:image/png;base64")],
  backslashes: ["text/plain", fill("\\")],
  "escaped-base64": ["application/json", fill(run.slice(0, 4096).replaceAll("+", "\\u002B"))],
  json: ["application/json", JSON.stringify({ code: "BAD", message: run.slice(0, BODY_SIZE - 32) })],
};

export async function startErrorBodyServer() {
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      const shape = (req.url ?? "").split("?")[0].split("/").pop();
      const [type, body] = SHAPES[shape] ?? SHAPES.plain;
      res.writeHead(400, { "content-type": type, "content-length": Buffer.byteLength(body) });
      res.end(body);
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const server = await startErrorBodyServer();
  process.stdout.write(`${server.url}\n`);
  process.stdin.on("end", () => server.close().then(() => process.exit(0)));
  process.stdin.resume();
}
