#!/usr/bin/env node
/** Long-running Prism mock of the spec, for teams building against CryptoMate's enablement endpoint. */
import { parseArgs } from "node:util";
import { startMock } from "./mock.js";

const usage = `Usage: cryptomate-enable-mock [--port 4010] [--host 127.0.0.1] [--dynamic] [--no-errors] [--quiet]

Serves the CryptoMate product-enablement spec with Prism until stopped with Ctrl-C.
  --port N      port to listen on (default 4010, or $PORT)
  --host H      interface to listen on (default 127.0.0.1)
  --dynamic     generate answers from the schemas instead of the named examples
  --no-errors   do not answer requests that break the spec with an error
  --quiet       do not print Prism's request log`;

function fail(message: string): never {
  process.stderr.write(`cryptomate-enable-mock: ${message}\n\n${usage}\n`);
  process.exit(2);
}

let args: ReturnType<typeof parse>;
function parse() {
  return parseArgs({
    options: {
      port: { type: "string" },
      host: { type: "string", default: "127.0.0.1" },
      dynamic: { type: "boolean", default: false },
      "no-errors": { type: "boolean", default: false },
      quiet: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
    strict: true,
  });
}
try {
  args = parse();
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}
if (args.values.help) {
  process.stdout.write(`${usage}\n`);
  process.exit(0);
}
const portText = args.values.port ?? process.env.PORT ?? "4010";
const port = Number(portText);
if (!/^\d+$/.test(portText) || port < 1 || port > 65535)
  fail(`--port must be a number from 1 to 65535, got "${portText}"`);

const quiet = args.values.quiet;
const mock = await startMock({
  port,
  host: args.values.host,
  dynamic: args.values.dynamic,
  errors: !args.values["no-errors"],
  onLog: quiet ? undefined : (line) => process.stderr.write(`${line}\n`),
}).catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)));

const path = "/management/clients/individuals/4QWq1rQtjnLM0wMswTRY9AmM4XTvY4GG/products";
process.stdout.write(`CryptoMate product-enablement mock listening on ${mock.url} (Prism pid ${mock.pid})

Call it:
  curl -X POST ${mock.url}${path} \\
    -H "x-api-key: any-key" -H "Content-Type: application/json" \\
    -d '{"subproduct":"cards_individuals"}'

Pick an answer with the Prefer header:
  -H "Prefer: example=missingData"        (also: pendingDocumentation, inKyc, rejected, enabled)
  -H "Prefer: code=201, example=inKyc"
  -H "Prefer: code=404"                   (also: 400, 401, 412, 429, 500)
${args.values.dynamic ? "Dynamic mode: answers are generated from the schemas.\n" : ""}${args.values["no-errors"] ? "" : "Requests that break the spec are answered with 400/401 and an sl-violations header.\n"}
Stop with Ctrl-C.
`);

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    void mock.stop().then(() => process.exit(0));
  });
}
