/** The command line: usage text, flag parsing, and the checks that turn flags into settings. */
import { parseArgs } from "node:util";
import { type CryptoMateClient, createCryptoMateClient } from "../client/client.js";
import type { CryptoMateClientOptions } from "../client/options.js";
import type { Subproduct } from "../client/types.js";
import type { RateLimitStore } from "../pacing/shared.js";

export const USAGE = `Usage:
  cryptomate-enable request <clientId> [--product cards_individuals] [--json]
  cryptomate-enable batch <file> --out <results.jsonl> [--product cards_individuals] [--concurrency 15]
                          [--resend-in-doubt] [--dry-run] [--json]
  cryptomate-enable status <clientId> [--json]
  cryptomate-enable upload <clientId> <productRequestId> --type <document_type> --front <file>
                          [--back <file>] [--meta key=value ...] [--replace] [--json]
  cryptomate-enable submit <clientId> <productRequestId> [--json]
  cryptomate-enable --version

Common options:
  --base-url <url>    call this host instead of production (e.g. http://127.0.0.1:4010 for the mock)
  --sandbox           call CryptoMate's sandbox
  --allow-insecure-http
                      let --base-url be plain http on a host other than loopback (a mock in a
                      container, on a CI service or a team server; also
                      CRYPTOMATE_ALLOW_INSECURE_HTTP=1). The API key then travels in clear:
                      never with a real key
  --rate <n>          requests per second, at most (default 15, CryptoMate's limit); lower it to
                      leave room for other traffic
  --redis-url <url>   share the limit with every process using the same Redis (also
                      CRYPTOMATE_REDIS_URL), so that several batches and apps stay under it together
  --verbose           debug logs of every attempt on stderr (the key is never shown)
  -h, --help          show this help

The API key is read from the CRYPTOMATE_API_KEY environment variable only.

The flow, after request: status lists the client's requests, newest first, and for each one
pending documentation what is missing and the command that supplies it. upload sends one
document: --type is one of the requirement's valid document types (passport), --front and
--back are JPEG or PNG files of at most 10 MB (others are refused before sending), and each
--meta is one metadata field (--meta number=AB1234567 --meta issuing_country=ARG); --replace
replaces a document of that type sent before. It prints what is still missing and exits 1
when the document was rejected. Missing data (such as the phone) is added by updating the
client, a full replacement (updateIndividualClient in the library; there is no command for it);
then submit checks the request again and moves it to KYC: exit 0 when it is in_kyc, 1 listing
what is still missing otherwise. A failed call is one line on stderr with its status, code,
message and trace id, and exit 1.

batch reads one client id per line (blank lines and # comments are ignored), or a CSV file
whose first line has a client_id column, with commas, semicolons or tabs between cells. CSV
rows that cannot be read (an unclosed quote, more cells than the header) are listed with their
line numbers and not sent; the others are.
--out is a journal: before each request is sent a "sending" line is written to disk, and its
outcome when it finishes. Running the same command again resumes: succeeded ids are skipped,
failed ones are retried, and ids whose outcome is unknown (the program was killed while they
were on the wire, or the server failed or timed out) are settled by reading their products: done
when a request for the product is active, sent when none is, failed when the client does not
exist (404). Ids whose products cannot be read stay in doubt; --resend-in-doubt sends them
without reading. A client whose request is already active (409) is recorded as already_active
and counted done; request prints that request's id. The journal records the host and product
it is for: a run with another --base-url, --sandbox or --product on it is refused; give it a
new --out.
One run at a time per journal: a run holds <out>.lock, and a second one is refused while the
first is alive (a lock left by a run that was killed is taken over).
Ctrl-C stops sending, waits for the requests in flight and records them. A 429 that asks to
wait longer than a minute stops the run too: sending during CryptoMate's penalty block only
lengthens it. The ids not sent are not started; the summary says when the block ends.
--dry-run reads the input and --out and says what a run would send and how long it would take,
sending nothing (it needs no lock). --json ends the run with one JSON summary line on stdout.

Exit codes: 0 all succeeded, 1 some failed, were in doubt, could not be read or were stopped by a
rate-limit block, 2 usage error
or run refused, 130 interrupted.`;

/** A mistake in how the command was called: exit 2. */
export class UsageError extends Error {}

/**
 * A run refused because it would be unsafe (another run holds the journal, or the journal is
 * for another host or product): exit 2, one line, and no pointer to the usage text.
 */
export class Refusal extends UsageError {}

export function parse(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        product: { type: "string", default: "cards_individuals" },
        json: { type: "boolean", default: false },
        out: { type: "string" },
        concurrency: { type: "string" },
        "base-url": { type: "string" },
        sandbox: { type: "boolean", default: false },
        "allow-insecure-http": { type: "boolean", default: false },
        rate: { type: "string" },
        "redis-url": { type: "string" },
        "resend-in-doubt": { type: "boolean", default: false },
        "dry-run": { type: "boolean", default: false },
        verbose: { type: "boolean", default: false },
        type: { type: "string" },
        front: { type: "string" },
        back: { type: "string" },
        meta: { type: "string", multiple: true },
        replace: { type: "boolean", default: false },
        version: { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
    });
  } catch (error) {
    throw new UsageError(plainParseError(error));
  }
}

/** node:util's parser errors, said in one short sentence. */
function plainParseError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: string }).code;
  const option = /'(-{1,2}[\w-]+)/.exec(message)?.[1];
  if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION" && option) return `unknown option ${option}`;
  if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE" && option) {
    return message.includes("argument missing") ? `${option} needs a value` : `${option} takes no value`;
  }
  return message.split(/\.\s/)[0] ?? message;
}

export type Flags = ReturnType<typeof parse>["values"];

export function rateOf(values: Flags): number {
  if (values.rate === undefined) return 15;
  const rate = Number(values.rate);
  if (values.rate.trim() === "" || !Number.isFinite(rate) || rate <= 0 || rate > 15) {
    throw new UsageError(`--rate must be a number above 0 and at most 15 (CryptoMate's limit), got "${values.rate}"`);
  }
  return rate;
}

async function storeOf(values: Flags): Promise<RateLimitStore | undefined> {
  const url = values["redis-url"] ?? (process.env.CRYPTOMATE_REDIS_URL || undefined);
  if (url === undefined) return undefined;
  if (!/^rediss?:\/\//.test(url))
    throw new UsageError(`--redis-url must start with redis:// or rediss://, got "${url}"`);
  let module: typeof import("../pacing/redis.js");
  try {
    module = await import("../pacing/redis.js");
  } catch {
    throw new UsageError("--redis-url needs the ioredis package: npm install ioredis");
  }
  return module.redisRateLimitStore({ url });
}

export interface Session {
  client: CryptoMateClient;
  /** Closes the shared store's connection, if any. */
  close(): Promise<void>;
}

/** The client's logs on stderr; the client redacts the key before anything is logged. */
const stderrLogger = {
  debug: (message: string) => process.stderr.write(`${message}\n`),
  info: (message: string) => process.stderr.write(`${message}\n`),
  warn: (message: string) => process.stderr.write(`${message}\n`),
  error: (message: string) => process.stderr.write(`${message}\n`),
};

/** The client's options from the flags; the key from CRYPTOMATE_API_KEY. */
function clientOptions(values: Flags, apiKey: string, rateLimit: CryptoMateClientOptions["rateLimit"]) {
  return {
    apiKey,
    ...(values["base-url"] ? { baseUrl: values["base-url"] } : {}),
    ...(values.sandbox ? { environment: "sandbox" as const } : {}),
    // Without the flag, CRYPTOMATE_ALLOW_INSECURE_HTTP decides, as it does for the library.
    ...(values["allow-insecure-http"] ? { allowInsecureHttp: true } : {}),
    rateLimit,
    // Logs go to stderr at every level, so that stdout stays for results (--json).
    logger: stderrLogger,
    ...(values.verbose ? { logLevel: "debug" as const } : {}),
  };
}

/** A client refused by its option checks, said with the command line's flag names. */
function refusal(error: unknown): UsageError {
  const message = error instanceof Error ? error.message : String(error);
  return new UsageError(
    message.replace(/^baseUrl/, "--base-url").replace("allowInsecureHttp: true", "--allow-insecure-http"),
  );
}

/**
 * Checks the target flags as a real run would (a plain-http host, a bad URL), with nothing sent
 * and no store opened: what a dry run refuses, the run it previews would refuse too.
 */
export function checkClientFlags(values: Flags): void {
  if (values["base-url"] && values.sandbox) throw new UsageError("use either --base-url or --sandbox, not both");
  try {
    createCryptoMateClient(clientOptions(values, process.env.CRYPTOMATE_API_KEY || "dry-run-key", false));
  } catch (error) {
    throw refusal(error);
  }
}

export async function makeClient(values: Flags): Promise<Session> {
  if (!process.env.CRYPTOMATE_API_KEY) {
    throw new UsageError("CRYPTOMATE_API_KEY is not set: export your CryptoMate API key (it is never taken as a flag)");
  }
  if (values["base-url"] && values.sandbox) throw new UsageError("use either --base-url or --sandbox, not both");
  const requestsPerSecond = rateOf(values);
  const store = await storeOf(values);
  const close = async () => store?.close?.();
  try {
    const client = createCryptoMateClient(
      clientOptions(values, process.env.CRYPTOMATE_API_KEY, { requestsPerSecond, store }),
    );
    return { client, close };
  } catch (error) {
    await close();
    throw refusal(error);
  }
}

export function product(values: Flags): Subproduct {
  const name = values.product ?? "cards_individuals";
  if (!/^[a-z][a-z0-9_]*$/.test(name))
    throw new UsageError(`--product must be a product name such as cards_individuals, got "${name}"`);
  return name as Subproduct;
}
