#!/usr/bin/env node
/**
 * cryptomate-enable: request product enablement from the command line, for one client or for
 * a file of them (paced, resumable, each id recorded as it finishes), and take a request through
 * the rest of the flow (status, upload, submit).
 */
import { createRequire } from "node:module";
import { parse, Refusal, USAGE, UsageError } from "./args.js";
import { batch } from "./batch.js";
import { stderr, stdout } from "./output.js";
import { request } from "./request.js";
import { status } from "./status.js";
import { submit } from "./submit.js";
import { upload } from "./upload.js";

/** The package's version, read from the package.json beside dist/. */
function version(): string {
  return (createRequire(import.meta.url)("../package.json") as { version: string }).version;
}

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parse(argv);
  if (values.help) {
    stdout(`${USAGE}\n`);
    return 0;
  }
  if (values.version) {
    stdout(`${version()}\n`);
    return 0;
  }
  const [command, ...rest] = positionals;
  if (command === "request") return request(rest, values);
  if (command === "batch") return batch(rest, values);
  if (command === "status") return status(rest, values);
  if (command === "upload") return upload(rest, values);
  if (command === "submit") return submit(rest, values);
  throw new UsageError(command ? `unknown command "${command}"` : "missing command");
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof Refusal) {
      // A run refused (a file that cannot be read): one line, no pointer to the usage text.
      stderr(`cryptomate-enable: ${error.message}\n`);
      process.exitCode = 2;
    } else if (error instanceof UsageError) {
      stderr(`cryptomate-enable: ${error.message}\nRun cryptomate-enable --help for usage.\n`);
      process.exitCode = 2;
    } else {
      stderr(`cryptomate-enable: ${error instanceof Error ? error.stack : String(error)}\n`);
      process.exitCode = 1;
    }
  },
);
