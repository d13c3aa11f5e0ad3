/** The command line: usage text, flag parsing, and the checks that turn flags into settings. */
import { parseArgs } from "node:util";
import { type CryptoMateClient, createCryptoMateClient } from "../client.js";
import type { Subproduct } from "../types.js";

export const USAGE = `Usage:
  cryptomate-enable request <clientId> [--product cards_individuals] [--json]
  cryptomate-enable batch <file> --out <results.jsonl> [--product cards_individuals] [--concurrency 15]

Common options:
  --base-url <url>   call this host instead of production (e.g. http://127.0.0.1:4010 for the mock)
  --sandbox          call CryptoMate's sandbox
  -h, --help         show this help

The API key is read from the CRYPTOMATE_API_KEY environment variable only.

batch reads one client id per line (blank lines and # comments are ignored) or a CSV file with
a client_id column, and appends one JSON line per id to --out as each finishes. Running the same
command again resumes: ids already recorded as succeeded are skipped, failed ones are retried.
Ctrl-C stops sending, waits for the requests in flight and records them.

Exit codes: 0 all succeeded, 1 some failed, 2 usage error, 130 interrupted.`;

/** A mistake in how the command was called: exit 2. */
export class UsageError extends Error {}

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
        help: { type: "boolean", short: "h", default: false },
      },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

export type Flags = ReturnType<typeof parse>["values"];

export function makeClient(values: Flags): CryptoMateClient {
  if (!process.env.CRYPTOMATE_API_KEY) {
    throw new UsageError("CRYPTOMATE_API_KEY is not set: export your CryptoMate API key (it is never taken as a flag)");
  }
  if (values["base-url"] && values.sandbox) throw new UsageError("use either --base-url or --sandbox, not both");
  try {
    return createCryptoMateClient({
      apiKey: process.env.CRYPTOMATE_API_KEY,
      ...(values["base-url"] ? { baseUrl: values["base-url"] } : {}),
      ...(values.sandbox ? { environment: "sandbox" as const } : {}),
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message.replace(/^baseUrl/, "--base-url") : String(error));
  }
}

export function product(values: Flags): Subproduct {
  const name = values.product ?? "cards_individuals";
  if (!/^[a-z][a-z0-9_]*$/.test(name))
    throw new UsageError(`--product must be a product name such as cards_individuals, got "${name}"`);
  return name as Subproduct;
}
