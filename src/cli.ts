#!/usr/bin/env node
/**
 * cryptomate-enable: request product enablement from the command line, for one client or for
 * a file of them (paced, resumable, each id recorded as it finishes).
 */
import { closeSync, existsSync, openSync, readFileSync, writeSync } from "node:fs";
import { parseArgs } from "node:util";
import { formatChecklist } from "./checklist.js";
import { type CryptoMateClient, createCryptoMateClient } from "./client.js";
import { CryptoMateApiError, type CryptoMateError } from "./errors.js";
import type { Subproduct } from "./types.js";

const USAGE = `Usage:
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

class UsageError extends Error {}

const stderr = (text: string) => process.stderr.write(text);

function parse(argv: string[]) {
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

type Parsed = ReturnType<typeof parse>;

function makeClient(values: Parsed["values"]): CryptoMateClient {
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

function product(values: Parsed["values"]): Subproduct {
  const name = values.product ?? "cards_individuals";
  if (!/^[a-z][a-z0-9_]*$/.test(name))
    throw new UsageError(`--product must be a product name such as cards_individuals, got "${name}"`);
  return name as Subproduct;
}

function describeError(error: CryptoMateError): string {
  return `${error.name}: ${error.message}`;
}

async function request(positionals: string[], values: Parsed["values"]): Promise<number> {
  const [clientId, ...extra] = positionals;
  if (!clientId) throw new UsageError("request needs a client id");
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
  const client = makeClient(values);
  try {
    const result = await client.requestProductEnablement(clientId, { subproduct: product(values) });
    process.stdout.write(`${values.json ? JSON.stringify(result, null, 2) : formatChecklist(result)}\n`);
    return 0;
  } catch (error) {
    if (error && typeof error === "object" && "name" in error && String(error.name).startsWith("CryptoMate")) {
      stderr(`${describeError(error as CryptoMateError)}\n`);
      return 1;
    }
    throw error;
  }
}

/** Parses the input: one id per line, or CSV with a client_id column. */
function readIds(text: string): string[] {
  const lines = text
    .replace(/^\uFEFF/, "")
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"));
  const header = lines[0] ? splitCsv(lines[0]).map((cell) => cell.toLowerCase()) : [];
  const column = header.indexOf("client_id");
  if (column === -1) {
    if (header.length > 1) throw new UsageError("the CSV input has no client_id column");
    return lines;
  }
  return lines
    .slice(1)
    .map((line) => splitCsv(line)[column]?.trim() ?? "")
    .filter((id) => id !== "");
}

function splitCsv(line: string): string[] {
  const cells: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const char = line[i];
    if (quoted) {
      if (char === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"') quoted = true;
    else if (char === ",") {
      cells.push(cell);
      cell = "";
    } else cell += char;
  }
  cells.push(cell);
  return cells;
}

interface Recorded {
  clientId: string;
  ok: boolean;
}

/** Ids whose last recorded line says they succeeded. Torn lines (a crash mid-write) are ignored. */
function succeededIn(path: string): Set<string> {
  const done = new Set<string>();
  if (!existsSync(path)) return done;
  for (const line of readFileSync(path, "utf8").split("\n")) {
    if (line.trim() === "") continue;
    try {
      const entry = JSON.parse(line) as Recorded;
      if (typeof entry.clientId !== "string") continue;
      if (entry.ok) done.add(entry.clientId);
      else done.delete(entry.clientId);
    } catch {
      // torn line
    }
  }
  return done;
}

function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return "--";
  const s = Math.round(seconds);
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s` : `${s}s`;
}

async function batch(positionals: string[], values: Parsed["values"]): Promise<number> {
  const [file, ...extra] = positionals;
  if (!file) throw new UsageError("batch needs an input file");
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
  if (!values.out) throw new UsageError("batch needs --out <results.jsonl>");
  const concurrency = values.concurrency === undefined ? 15 : Number(values.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 100) {
    throw new UsageError(`--concurrency must be a whole number from 1 to 100, got "${values.concurrency}"`);
  }
  const subproduct = product(values);
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new UsageError(`cannot read input file ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  const client = makeClient(values);
  const all = readIds(text);
  const distinct = [...new Set(all)];
  const already = succeededIn(values.out);
  const todo = distinct.filter((id) => !already.has(id));
  const skipped = distinct.length - todo.length;

  let out: number;
  try {
    out = openSync(values.out, "a");
  } catch (error) {
    throw new UsageError(`cannot write ${values.out}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  const controller = new AbortController();
  let interrupted = false;
  const onSigint = () => {
    if (interrupted) return;
    interrupted = true;
    stderr("\nStopping: no new requests; waiting for the ones in flight...\n");
    controller.abort();
  };
  process.on("SIGINT", onSigint);
  process.on("SIGTERM", onSigint);

  const tty = process.stderr.isTTY === true;
  const started = performance.now();
  let finished = 0;
  const failedByStatus = new Map<string, number>();
  let lastLine = 0;
  const showProgress = (final = false) => {
    const elapsed = (performance.now() - started) / 1000;
    const rate = elapsed > 0 ? finished / elapsed : 0;
    const eta = rate > 0 ? (todo.length - finished) / rate : Number.POSITIVE_INFINITY;
    const summary = `${finished}/${todo.length}  ${rate.toFixed(1)}/s  ETA ${formatDuration(eta)}`;
    if (tty) {
      const width = 30;
      const filled = todo.length === 0 ? width : Math.round((finished / todo.length) * width);
      stderr(`\r[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${summary}   ${final ? "\n" : ""}`);
    } else if (final || performance.now() - lastLine >= 2000) {
      lastLine = performance.now();
      stderr(`progress: ${summary}\n`);
    }
  };

  if (skipped > 0) stderr(`Skipping ${skipped} id(s) already recorded as succeeded in ${values.out}\n`);
  const ticker = setInterval(() => showProgress(), tty ? 250 : 2000);
  try {
    for await (const outcome of client.requestProductEnablementBatch(
      todo,
      { subproduct },
      { concurrency, signal: controller.signal },
    )) {
      finished++;
      let line: Record<string, unknown>;
      if (outcome.ok) {
        line = { clientId: outcome.clientId, ok: true, id: outcome.request.id, status: outcome.request.status };
      } else {
        const error = outcome.error;
        const api = error instanceof CryptoMateApiError ? error : undefined;
        line = {
          clientId: outcome.clientId,
          ok: false,
          status: api?.status ?? null,
          code: api?.code ?? null,
          error: error.name,
          message: error.message,
          traceId: api?.traceId ?? null,
        };
        const key = api ? String(api.status) : error.name;
        failedByStatus.set(key, (failedByStatus.get(key) ?? 0) + 1);
      }
      writeSync(out, `${JSON.stringify(line)}\n`);
    }
  } finally {
    clearInterval(ticker);
    closeSync(out);
    process.off("SIGINT", onSigint);
    process.off("SIGTERM", onSigint);
  }
  showProgress(true);

  const seconds = (performance.now() - started) / 1000;
  const failed = [...failedByStatus.values()].reduce((a, b) => a + b, 0);
  const byStatus = [...failedByStatus.entries()].map(([status, count]) => `${status}: ${count}`).join(", ");
  const notStarted = todo.length - finished;
  stderr(
    [
      `Done: ${finished - failed} succeeded, ${failed} failed${byStatus ? ` (${byStatus})` : ""}, ${skipped} skipped as already done` +
        (all.length > distinct.length ? `, ${all.length - distinct.length} duplicate line(s) ignored` : "") +
        (notStarted > 0 ? `, ${notStarted} not started` : ""),
      `Time: ${seconds.toFixed(1)} s, ${(finished / Math.max(seconds, 0.001)).toFixed(1)} requests/s. Results: ${values.out}`,
      "",
    ].join("\n"),
  );
  if (interrupted) return 130;
  return failed > 0 ? 1 : 0;
}

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parse(argv);
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
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
      stderr(`cryptomate-enable: ${error.message}\n\n${USAGE}\n`);
      process.exitCode = 2;
    } else {
      stderr(`cryptomate-enable: ${error instanceof Error ? error.stack : String(error)}\n`);
      process.exitCode = 1;
    }
  },
);
