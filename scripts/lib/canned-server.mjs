// A local server that answers every operation of the spec with its default example (the one the
// mock answers with), for the per-operation benchmark. Listens on 127.0.0.1 only; run as a
// program it prints its URL and stops when its standard input ends.
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { fileURLToPath } from "node:url";

const scenarios = JSON.parse(readFileSync(new URL("../../generated/scenarios.json", import.meta.url), "utf8"));

/** Each operation's default answer: its 201 example where it lists one, else its first success. */
function routes() {
  const byOperation = new Map();
  for (const scenario of scenarios) {
    if (scenario.status >= 300) continue;
    const known = byOperation.get(scenario.operationId);
    if (!known || (scenario.status === 201 && known.status !== 201)) byOperation.set(scenario.operationId, scenario);
  }
  return [...byOperation.values()].map(({ method, path, status, body }) => ({
    method,
    pattern: new RegExp(`^${path.replace(/\{\w+\}/g, "[^/]+")}$`),
    status,
    text: JSON.stringify(body),
  }));
}

export async function startCannedServer() {
  const table = routes();
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      const path = (req.url ?? "").split("?")[0];
      const route = table.find((entry) => entry.method === req.method && entry.pattern.test(path));
      const status = route?.status ?? 404;
      const text = route?.text ?? JSON.stringify({ code: "NOT_FOUND", message: "Resource not found" });
      res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
      res.end(text);
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const server = await startCannedServer();
  process.stdout.write(`${server.url}\n`);
  process.stdin.on("end", () => server.close().then(() => process.exit(0)));
  process.stdin.resume();
}
