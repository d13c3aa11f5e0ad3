#!/usr/bin/env node
/**
 * cryptomate-enable: request product enablement from the command line, for one client or for
 * a file of them (paced, resumable, each id recorded as it finishes).
 */
import { createRequire } from "node:module";
import { parse, USAGE, UsageError } from "./args.js";
import { batch } from "./batch.js";
import { request } from "./request.js";

/** The package's version, read from the package.json beside dist/. */
function version(): string {
  return (createRequire(import.meta.url)("../package.json") as { version: string }).version;
}

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parse(argv);
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (values.version) {
    process.stdout.write(`${version()}\n`);
    return 0;
  }
  const [command, ...rest] = positionals;
  if (command === "request") return request(rest, values);
  if (command === "batch") return batch(rest, values);
  throw new UsageError(command ? `unknown command "${command}"` : "missing command");
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError) {
      process.stderr.write(`cryptomate-enable: ${error.message}\nRun cryptomate-enable --help for usage.\n`);
      process.exitCode = 2;
    } else {
      process.stderr.write(`cryptomate-enable: ${error instanceof Error ? error.stack : String(error)}\n`);
      process.exitCode = 1;
    }
  },
);
