/** `cryptomate-enable batch <file> --out <results.jsonl>`: paced, resumable, interruptible. */
import { closeSync, openSync, readFileSync, writeSync } from "node:fs";
import { CryptoMateApiError } from "../errors.js";
import { type Flags, makeClient, product, UsageError } from "./args.js";
import { readIds } from "./input.js";
import { outcomeLine, succeededIn } from "./journal.js";
import { startProgress } from "./progress.js";

const stderr = (text: string) => process.stderr.write(text);

function concurrencyOf(values: Flags): number {
  const concurrency = values.concurrency === undefined ? 15 : Number(values.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 100) {
    throw new UsageError(`--concurrency must be a whole number from 1 to 100, got "${values.concurrency}"`);
  }
  return concurrency;
}

export async function batch(positionals: string[], values: Flags): Promise<number> {
  const [file, ...extra] = positionals;
  if (!file) throw new UsageError("batch needs an input file");
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
  if (!values.out) throw new UsageError("batch needs --out <results.jsonl>");
  const concurrency = concurrencyOf(values);
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

  const started = performance.now();
  const failedByStatus = new Map<string, number>();
  if (skipped > 0) stderr(`Skipping ${skipped} id(s) already recorded as succeeded in ${values.out}\n`);
  const progress = startProgress(todo.length, stderr, process.stderr.isTTY === true);
  try {
    for await (const outcome of client.requestProductEnablementBatch(
      todo,
      { subproduct },
      { concurrency, signal: controller.signal },
    )) {
      progress.tick();
      if (!outcome.ok) {
        const api = outcome.error instanceof CryptoMateApiError ? outcome.error : undefined;
        const key = api ? String(api.status) : outcome.error.name;
        failedByStatus.set(key, (failedByStatus.get(key) ?? 0) + 1);
      }
      writeSync(out, `${JSON.stringify(outcomeLine(outcome))}\n`);
    }
  } finally {
    progress.stop();
    closeSync(out);
    process.off("SIGINT", onSigint);
    process.off("SIGTERM", onSigint);
  }

  const finished = progress.finished;
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
