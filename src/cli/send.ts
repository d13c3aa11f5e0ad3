/** The sending pass of a batch: every id to send, journaled before it goes and when it ends. */
import type { CryptoMateClient } from "../client.js";
import { CryptoMateApiError } from "../errors.js";
import type { Settings } from "./batch.js";
import { Journal, type ResumeState } from "./journal.js";
import { emptyTally, idsToSend, type Tally } from "./plan.js";
import { startProgress } from "./progress.js";
import { printSummary } from "./summary.js";

const stderr = (text: string) => process.stderr.write(text);

export async function send(
  client: CryptoMateClient,
  input: number,
  resume: ResumeState,
  plan: Tally,
  unrecorded: string[],
  { out, concurrency, subproduct, resendInDoubt, pace, json }: Settings,
): Promise<number> {
  const journal = new Journal(out);
  for (const id of unrecorded) journal.inDoubt(id, resume.inDoubt.get(id) as string);
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
  const progress = startProgress(plan.todo, pace, stderr, process.stderr.isTTY === true);
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

  return printSummary({
    finished: progress.finished,
    seconds: (performance.now() - started) / 1000,
    failedByStatus,
    inDoubt,
    interrupted,
    plan,
    out,
    json,
  });
}
