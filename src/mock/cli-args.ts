/** The mock command's usage and its command line, checked: each mistake said in one line, exit 2. */
import { parseArgs } from "node:util";
import { badPortProblem } from "./bad-ports.js";
import { chaosOption } from "./chaos/cli.js";
import { corsOriginProblem } from "./cors.js";
import { DEFAULT_REVIEW_MS } from "./start.js";
import { parseLimits, type SandboxLimits } from "./state/limits.js";

export const usage = `Usage: cryptomate-enable-mock [--port 4010] [--host 127.0.0.1] [--dynamic [--seed N]]
                              [--stateful [--review-ms N] [--state-file PATH] [--limits ...]]
                              [--rate-limit N] [--proxy <upstream>]
                              [--cors-origin <origin>] [--chaos PROFILE] [--no-errors] [--quiet]

Serves the CryptoMate product-enablement spec until stopped with Ctrl-C (or SIGTERM).
  --port N          port to listen on (default 4010, or $PORT)
  --host H          interface to listen on (default 127.0.0.1; 0.0.0.0 for other hosts)
  --dynamic         plausible generated answers instead of the spec's examples
  --seed N          with --dynamic: the same seed gives the same answers (default: random, printed)
  --stateful        play the whole flow from memory: created clients are kept, requests move from
                    pending_documentation to in_kyc to enabled or rejected, in a sandbox per
                    API key; POST /__mock/reset with a key forgets that key's sandbox
  --review-ms N     with --stateful: milliseconds from submission to the review's outcome
                    (default ${DEFAULT_REVIEW_MS})
  --state-file PATH with --stateful: keep the sandboxes in PATH across restarts
  --limits LIST     with --stateful: clients=N,requests=N,bytes=N (per API key) and total=N
                    (bytes of all keys); default clients=10000,requests=20000,bytes=8000000,
                    total=48000000
  --rate-limit N    enforce CryptoMate's limit at N requests per second, with doubling penalty blocks
  --proxy URL       forward every call to URL (e.g. https://api.sandbox.cryptomate.me) through
                    Prism's validating proxy; print each answer that breaks the spec, and a summary
  --cors-origin O   the one origin browsers may call from (default: any caller's origin)
  --chaos PROFILE   seeded faults on every call, e.g. seed=7,latency=20-200,429=0.05,
                    5xx-before=0.05,5xx-after=0.05,drop=0.02 (a call's own
                    Prefer: chaos="..." works without it)
  --no-errors       do not answer requests that break the spec with an error
  --quiet           do not log each request (method, path, status, ms, key fingerprint, trace id)

GET /__mock/health answers 200 with the mode, version and uptime once the mock answers calls.`;

/** One line on stderr, plus a pointer to --help when the command line was at fault. */
export function fail(message: string, code = 2, { usage = code === 2 } = {}): never {
  process.stderr.write(
    `cryptomate-enable-mock: ${message}\n${usage ? "Run cryptomate-enable-mock --help for usage.\n" : ""}`,
  );
  process.exit(code);
}

/** The whole-number options and their ranges. */
const NUMBERS: Record<string, [min: number, max: number]> = {
  "--port": [1, 65535],
  "--seed": [0, 2 ** 31 - 1],
  "--rate-limit": [1, 1000],
  "--review-ms": [0, 86_400_000],
};

function whole(name: string, text: string | undefined, from = name): number | undefined {
  if (text === undefined) return undefined;
  const [min, max] = NUMBERS[name] as [number, number];
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max)
    fail(`${from} must be a whole number from ${min} to ${max}, got "${text}"`);
  return value;
}

/** What parseArgs refused, said for a person: which option, what is wrong, what it takes. */
function explain(error: unknown, args: readonly string[]): never {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: string }).code;
  const option = /'(-{1,2}[\w-]+)/.exec(message)?.[1];
  if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION" && option) fail(`unknown option ${option}`);
  if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE" && option) {
    const value = args[args.indexOf(option) + 1];
    if (value === undefined) fail(`${option} needs a value`);
    if (option in NUMBERS) whole(option, value);
    fail(`${option} needs a value, got "${value}" (write ${option}=${value} if that is the value)`);
  }
  if (code === "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL") fail(`unexpected argument: ${message.split("'")[1] ?? message}`);
  return fail(message);
}

const parse = (args: string[]) =>
  parseArgs({
    args,
    options: {
      port: { type: "string" },
      host: { type: "string", default: "127.0.0.1" },
      dynamic: { type: "boolean", default: false },
      seed: { type: "string" },
      stateful: { type: "boolean", default: false },
      "review-ms": { type: "string" },
      "state-file": { type: "string" },
      limits: { type: "string" },
      "rate-limit": { type: "string" },
      proxy: { type: "string" },
      "cors-origin": { type: "string" },
      chaos: { type: "string" },
      "no-errors": { type: "boolean", default: false },
      quiet: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
    strict: true,
  });

export function parseMockArgs(args: string[] = process.argv.slice(2)) {
  let values: ReturnType<typeof parse>["values"];
  try {
    values = parse(args).values;
  } catch (error) {
    explain(error, args);
  }
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    process.exit(0);
  }
  const port = whole("--port", values.port ?? process.env.PORT ?? "4010", values.port ? "--port" : "$PORT") as number;
  const portProblem = badPortProblem(port);
  if (portProblem) fail(`${values.port ? "--port" : "$PORT"}: ${portProblem}`);
  const seed = whole("--seed", values.seed);
  const rateLimit = whole("--rate-limit", values["rate-limit"]);
  const reviewMs = whole("--review-ms", values["review-ms"]) ?? DEFAULT_REVIEW_MS;
  if (seed !== undefined && !values.dynamic) fail("--seed goes with --dynamic");
  if (values["review-ms"] !== undefined && !values.stateful) fail("--review-ms goes with --stateful");
  if (values["state-file"] !== undefined && !values.stateful) fail("--state-file goes with --stateful");
  if (values.limits !== undefined && !values.stateful) fail("--limits goes with --stateful");
  let limits: SandboxLimits | undefined;
  try {
    limits = values.limits === undefined ? undefined : parseLimits(values.limits);
  } catch (error) {
    fail((error as Error).message);
  }
  if (values.stateful && (values.dynamic || values.proxy !== undefined))
    fail("--stateful cannot be combined with --dynamic or --proxy");
  if (values.stateful && values["no-errors"])
    fail("--stateful cannot be combined with --no-errors: the stateful mock always checks requests");
  if (values.proxy !== undefined && !/^https?:\/\/[^/]/.test(values.proxy))
    fail(`--proxy must be an http(s) URL, got "${values.proxy}"`);
  const corsOrigin = values["cors-origin"];
  const corsProblem = corsOrigin === undefined ? undefined : corsOriginProblem(corsOrigin);
  if (corsProblem) fail(`--cors-origin: ${corsProblem}`);
  const chaos = chaosOption(values.chaos, (message) => fail(message));
  return { values, port, seed, rateLimit, reviewMs, corsOrigin, limits, chaos };
}
