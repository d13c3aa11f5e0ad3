#!/usr/bin/env node
/** Long-running mock of the spec, for teams building against CryptoMate's enablement endpoint. */
import { parseArgs } from "node:util";
import { examplesBanner, statefulBanner } from "./banner.js";
import { chaosBanner, chaosOption } from "./chaos-cli.js";
import { DEFAULT_REVIEW_MS, MockPortInUseError, type MockServer, PrismMissingError, startMock } from "./start.js";

const usage = `Usage: cryptomate-enable-mock [--port 4010] [--host 127.0.0.1] [--dynamic [--seed N]]
                              [--stateful [--review-ms N]] [--rate-limit N] [--proxy <upstream>]
                              [--chaos PROFILE] [--no-errors] [--quiet]

Serves the CryptoMate product-enablement spec until stopped with Ctrl-C.
  --port N          port to listen on (default 4010, or $PORT)
  --host H          interface to listen on (default 127.0.0.1)
  --dynamic         plausible generated answers instead of the spec's examples
  --seed N          with --dynamic: the same seed gives the same answers (default: random, printed)
  --stateful        play the whole flow from memory: created clients are kept, requests move from
                    pending_documentation to in_kyc to enabled or rejected; POST /__mock/reset
                    forgets them
  --review-ms N     with --stateful: milliseconds from submission to the review's outcome
                    (default ${DEFAULT_REVIEW_MS})
  --rate-limit N    enforce CryptoMate's limit at N requests per second, with doubling penalty blocks
  --proxy URL       forward every call to URL (e.g. https://api.sandbox.cryptomate.me) through
                    Prism's validating proxy; print each answer that breaks the spec, and a summary
  --chaos PROFILE   seeded faults on every call, e.g. seed=7,latency=20-200,429=0.05,
                    5xx-before=0.05,5xx-after=0.05,drop=0.02 (a call's own
                    Prefer: chaos="..." works without it)
  --no-errors       do not answer requests that break the spec with an error
  --quiet           do not print Prism's request log`;

/** One line on stderr, plus a pointer to --help when the command line was at fault. */
function fail(message: string, code = 2, { usage = code === 2 } = {}): never {
  process.stderr.write(
    `cryptomate-enable-mock: ${message}\n${usage ? "Run cryptomate-enable-mock --help for usage.\n" : ""}`,
  );
  process.exit(code);
}

function parse() {
  try {
    return parseArgs({
      options: {
        port: { type: "string" },
        host: { type: "string", default: "127.0.0.1" },
        dynamic: { type: "boolean", default: false },
        seed: { type: "string" },
        stateful: { type: "boolean", default: false },
        "review-ms": { type: "string" },
        "rate-limit": { type: "string" },
        proxy: { type: "string" },
        chaos: { type: "string" },
        "no-errors": { type: "boolean", default: false },
        quiet: { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
      strict: true,
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return fail(/'(-{1,2}[\w-]+)/.exec(message) ? `bad option ${/'(-{1,2}[\w-]+)/.exec(message)?.[1]}` : message);
  }
}

function whole(name: string, text: string | undefined, min: number, max: number): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max)
    fail(`${name} must be a whole number from ${min} to ${max}, got "${text}"`);
  return value;
}

const { values } = parse();
if (values.help) {
  process.stdout.write(`${usage}\n`);
  process.exit(0);
}
const port = whole("--port", values.port ?? process.env.PORT ?? "4010", 1, 65535) as number;
const seed = whole("--seed", values.seed, 0, 2 ** 31 - 1);
const rateLimit = whole("--rate-limit", values["rate-limit"], 1, 1000);
const reviewMs = whole("--review-ms", values["review-ms"], 0, 86_400_000) ?? DEFAULT_REVIEW_MS;
if (seed !== undefined && !values.dynamic) fail("--seed goes with --dynamic");
if (values["review-ms"] !== undefined && !values.stateful) fail("--review-ms goes with --stateful");
if (values.stateful && (values.dynamic || values.proxy !== undefined))
  fail("--stateful cannot be combined with --dynamic or --proxy");
if (values.stateful && values["no-errors"])
  fail("--stateful cannot be combined with --no-errors: the stateful mock always checks requests");
if (values.proxy !== undefined && !/^https?:\/\/[^/]/.test(values.proxy))
  fail(`--proxy must be an http(s) URL, got "${values.proxy}"`);

const chaos = chaosOption(values.chaos, (message) => fail(message));

const violations: string[] = [];
let mock: MockServer;
try {
  mock = await startMock({
    port,
    host: values.host,
    dynamic: values.dynamic,
    seed,
    stateful: values.stateful,
    reviewMs,
    rateLimit,
    proxy: values.proxy,
    errors: !values["no-errors"],
    chaos: values.chaos,
    onLog: values.quiet ? undefined : (line) => process.stderr.write(`${line}\n`),
    onEvent: (message) => process.stderr.write(`cryptomate-enable-mock: ${message}\n`),
    onViolation: (call, found) => {
      violations.push(call);
      process.stderr.write(`spec violation: ${call}\n${found.map((line) => `  ${line}\n`).join("")}`);
    },
  });
} catch (error) {
  // Not a mistake in the command line: one line that says what to do, exit 2.
  if (error instanceof MockPortInUseError || error instanceof PrismMissingError)
    fail(error.message, 2, { usage: false });
  fail(error instanceof Error ? error.message : String(error), 1);
}

process.stdout.write(
  values.proxy
    ? `CryptoMate product-enablement validating proxy on ${mock.url}, forwarding to ${values.proxy} (Prism pid ${mock.pid})
Every answer that breaks the spec is printed; a summary is printed on exit. Stop with Ctrl-C.
${chaosBanner(chaos)}`
    : `CryptoMate product-enablement mock listening on ${mock.url}${values.stateful ? " (stateful)" : ` (Prism pid ${mock.pid})`}

${values.stateful ? statefulBanner(mock.url, reviewMs) : examplesBanner(mock.url)}${mock.seed !== undefined ? `Dynamic mode: generated answers, seed ${mock.seed} (rerun with --seed ${mock.seed} to repeat them).\n` : ""}${rateLimit ? `Rate limit: ${rateLimit} requests per second, with doubling penalty blocks and Retry-After.\n` : ""}${values["no-errors"] ? "" : "Requests that break the spec are answered with 400/401 naming the field.\n"}${chaosBanner(chaos)}
Stop with Ctrl-C.
`,
);

function summary(): string {
  if (!values.proxy) return "";
  return `Proxy summary: ${mock.calls} call(s) seen, ${violations.length} broke the spec${
    violations.length > 0 ? `:\n${violations.map((call) => `  ${call}`).join("\n")}` : ""
  }\n`;
}

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    void mock.stop().then(() => {
      process.stdout.write(summary());
      process.exit(0);
    });
  });
}
mock.closed.catch((error: unknown) => {
  process.stdout.write(summary());
  fail(`the mock stopped: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`, 1);
});
