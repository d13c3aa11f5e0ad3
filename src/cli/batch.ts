/** `cryptomate-enable batch <file> --out <results.jsonl>`: paced, resumable, crash-safe. */
import { closeSync } from "node:fs";
import type { CryptoMateClient } from "../client.js";
import { CryptoMateApiError } from "../errors.js";
import type { Subproduct } from "../types.js";
import { type Flags, makeClient, product, UsageError } from "./args.js";
import { openInput } from "./input.js";
import { Journal, readJournal } from "./journal.js";
import { emptyTally, idsToSend } from "./plan.js";
import { startProgress } from "./progress.js";

const stderr = (text: string) => process.stderr.write(text);
/** In-doubt ids listed on stderr; the journal has all of them. */
const LISTED = 50;

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
  const out = values.out;
  if (!out) throw new UsageError("batch needs --out <results.jsonl>");
  const concurrency = concurrencyOf(values);
  const subproduct = product(values);
  const resendInDoubt = values["resend-in-doubt"] === true;
  const input = openInput(file);
  const { client, close } = await makeClient(values);
  try {
    return await run(client, input, out, { concurrency, subproduct, resendInDoubt });
  } finally {
    await close();
    closeSync(input);
  }
}

async function run(
  client: CryptoMateClient,
  input: number,
  out: string,
  { concurrency, subproduct, resendInDoubt }: { concurrency: number; subproduct: Subproduct; resendInDoubt: boolean },
): Promise<number> {
  const resume = await readJournal(out);
  const journal = new Journal(out);

  // First pass: count, so that progress has a total; report what is held back.
  const plan = emptyTally();
  const heldBack: string[] = [];
  for await (const _ of idsToSend(input, resume, {
    resendInDoubt,
    tally: plan,
    onInDoubt: (id, reason) => {
      if (heldBack.length < LISTED) heldBack.push(id);
      // Make the unknown outcome explicit in the journal, once.
      if (resume.unrecorded.has(id)) journal.inDoubt(id, reason);
    },
  }));
  if (plan.skipped > 0) stderr(`Skipping ${plan.skipped} id(s) already recorded as succeeded in ${out}\n`);
  if (plan.inDoubt > 0) {
    stderr(
      `Not sending ${plan.inDoubt} id(s) in doubt: an earlier attempt may have been processed. Check them in ` +
        `CryptoMate, then rerun with --resend-in-doubt to send them again:\n` +
        heldBack.map((id) => `  ${id}\n`).join("") +
        (plan.inDoubt > heldBack.length ? `  ... and ${plan.inDoubt - heldBack.length} more (see ${out})\n` : ""),
    );
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
  let inDoubt = 0;
  const progress = startProgress(plan.todo, stderr, process.stderr.isTTY === true);
  try {
    const ids = idsToSend(input, resume, { resendInDoubt, tally: emptyTally() });
    for await (const outcome of client.requestProductEnablementBatch(
      ids,
      { subproduct },
      { concurrency, signal: controller.signal, dedupe: false, onSend: (id) => journal.sending(id) },
    )) {
      progress.tick();
      const state = journal.outcome(outcome);
      if (state === "in_doubt") inDoubt++;
      else if (!outcome.ok) {
        const api = outcome.error instanceof CryptoMateApiError ? outcome.error : undefined;
        const key = api ? String(api.status) : outcome.error.name;
        failedByStatus.set(key, (failedByStatus.get(key) ?? 0) + 1);
      }
    }
  } finally {
    progress.stop();
    journal.close();
    process.off("SIGINT", onSigint);
    process.off("SIGTERM", onSigint);
  }

  const finished = progress.finished;
  const seconds = (performance.now() - started) / 1000;
  const failed = [...failedByStatus.values()].reduce((a, b) => a + b, 0);
  const byStatus = [...failedByStatus.entries()].map(([status, count]) => `${status}: ${count}`).join(", ");
  const notStarted = plan.todo - finished;
  const totalInDoubt = inDoubt + plan.inDoubt;
  stderr(
    [
      `Done: ${finished - failed - inDoubt} succeeded, ${failed} failed${byStatus ? ` (${byStatus})` : ""}, ${plan.skipped} skipped as already done` +
        (totalInDoubt > 0 ? `, ${totalInDoubt} in doubt (not sent again without --resend-in-doubt)` : "") +
        (plan.duplicates > 0 ? `, ${plan.duplicates} duplicate line(s) ignored` : "") +
        (plan.missing > 0 ? `, ${plan.missing} row(s) without a client_id` : "") +
        (notStarted > 0 ? `, ${notStarted} not started` : ""),
      `Time: ${seconds.toFixed(1)} s, ${(finished / Math.max(seconds, 0.001)).toFixed(1)} requests/s. Results: ${out}`,
      "",
    ].join("\n"),
  );
  if (interrupted) return 130;
  return failed > 0 || totalInDoubt > 0 ? 1 : 0;
}
