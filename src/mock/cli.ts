#!/usr/bin/env node
/** Long-running mock of the spec, for teams building against CryptoMate's enablement endpoint. */
import { hostname } from "node:os";
import { examplesBanner, remoteAccessBanner, statefulBanner } from "./banner.js";
import { chaosBanner } from "./chaos/cli.js";
import { fail, parseMockArgs } from "./cli-args.js";
import { MockPortInUseError, type MockServer, PrismMissingError, requestLine, startMock } from "./start.js";

const { values, port, seed, rateLimit, reviewMs, corsOrigin, limits, chaos } = parseMockArgs();

const violations: string[] = [];
const starting = startMock({
  port,
  host: values.host,
  dynamic: values.dynamic,
  seed,
  stateful: values.stateful,
  reviewMs,
  stateFile: values["state-file"],
  limits,
  rateLimit,
  proxy: values.proxy,
  corsOrigin,
  chaos: values.chaos,
  errors: !values["no-errors"],
  onRequest: values.quiet ? undefined : (entry) => process.stderr.write(`${requestLine(entry)}\n`),
  onEvent: (message) => process.stderr.write(`cryptomate-enable-mock: ${message}\n`),
  onViolation: (call, found) => {
    violations.push(call);
    process.stderr.write(`spec violation: ${call}\n${found.map((line) => `  ${line}\n`).join("")}`);
  },
});
starting.catch(() => undefined);

function summary(calls: number): string {
  if (!values.proxy) return "";
  return `Proxy summary: ${calls} call(s) seen, ${violations.length} broke the spec${
    violations.length > 0 ? `:\n${violations.map((call) => `  ${call}`).join("\n")}` : ""
  }\n`;
}

// Signals are handled from the start, before the banner: a signal sent as soon as the banner is
// read, or while Prism starts, stops the mock as well.
let stopping = false;
function shutdown() {
  if (stopping) return;
  stopping = true;
  void starting.then(
    (mock) =>
      mock.stop().then(() => {
        process.stdout.write(summary(mock.calls));
        process.exit(0);
      }),
    () => process.exit(0),
  );
}
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, shutdown);
// Started by npm (`npx`, `npm run`): npm passes a signal on to the shell it started, and that shell
// ends without passing it on to this process. The mock stops when its parent is gone.
if (process.env.npm_command !== undefined) {
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) shutdown();
  }, 200).unref();
}

let mock: MockServer;
try {
  mock = await starting;
} catch (error) {
  // Not a mistake in the command line: one line that says what to do, exit 2.
  if (error instanceof MockPortInUseError || error instanceof PrismMissingError)
    fail(error.message, 2, { usage: false });
  fail(error instanceof Error ? error.message : String(error), 1);
}

const remote = remoteAccessBanner(values.host, mock.port, hostname());
process.stdout.write(
  values.proxy
    ? `CryptoMate product-enablement validating proxy on ${mock.url}, forwarding to ${values.proxy} (Prism pid ${mock.pid})
Every answer that breaks the spec is printed; a summary is printed on exit. Stop with Ctrl-C.
${chaosBanner(chaos)}${remote}`
    : `CryptoMate product-enablement mock listening on ${mock.url}${values.stateful ? " (stateful)" : ` (Prism pid ${mock.pid})`}

${values.stateful ? statefulBanner(mock.url, reviewMs) : examplesBanner(mock.url)}${mock.seed !== undefined ? `Dynamic mode: generated answers, seed ${mock.seed} (rerun with --seed ${mock.seed} to repeat them).\n` : ""}${rateLimit ? `Rate limit: ${rateLimit} requests per second, with doubling penalty blocks and Retry-After.\n` : ""}${values["no-errors"] ? "" : "Requests that break the spec are answered with 400/401 naming the field.\n"}${chaosBanner(chaos)}${remote ? `\n${remote}` : ""}
Health: GET ${mock.url}/__mock/health. Stop with Ctrl-C or SIGTERM.
`,
);

mock.closed.catch((error: unknown) => {
  process.stdout.write(summary(mock.calls));
  fail(`the mock stopped: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`, 1);
});
