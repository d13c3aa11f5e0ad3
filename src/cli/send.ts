/** The sending pass of a batch: every id to send, journaled before it goes and when it ends. */

import type { BatchOutcome } from "../batch/run.js";
import type { CryptoMateClient } from "../client/client.js";
import { CryptoMateApiError, CryptoMateRateLimitError, CryptoMateRateLimitPausedError } from "../client/errors.js";
import { DEFAULTS } from "../client/options.js";
import { paceFor } from "../pacing/slot.js";
import type { Settings } from "./batch.js";
import { Journal, type ResumeState } from "./journal.js";
import { stderr } from "./output.js";
import { emptyTally, idsToSend, type Tally } from "./plan.js";
import { startProgress } from "./progress.js";
import { printSummary } from "./summary.js";

/**
 * How long CryptoMate blocks every request, when this outcome says it blocks for longer than the
 * client waits: a 429 asking for more than maxRetryAfterMs, or a call refused unsent behind one.
 */
function blockOf(outcome: BatchOutcome): number | undefined {
  if (outcome.ok) return undefined;
  const { error } = outcome;
  if (error instanceof CryptoMateRateLimitPausedError) return error.retryAfterMs;
  if (error instanceof CryptoMateRateLimitError && (error.retryAfterMs ?? 0) > DEFAULTS.maxRetryAfterMs) {
    return error.retryAfterMs;
  }
  return undefined;
}

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
  let alreadyActive = 0;
  /** Ids refused unsent behind a long block: not started, and not journaled. */
  let held = 0;
  let blockedUntil: number | undefined;
  // The first burst goes at once; the pace after it is what the rate limit allows.
  const burst = paceFor(pace).limit;
  let burstSeconds: number | undefined;
  const progress = startProgress(plan.todo, pace, stderr, process.stderr.isTTY === true);
  try {
    const ids = idsToSend(input, resume, { tally: emptyTally() });
    // Ids in doubt are settled by the API: their products are read first, unless told to resend.
    const checkFirst = resendInDoubt ? undefined : (id: string) => resume.inDoubt.has(id);
    for await (const outcome of client.requestProductEnablementBatch(
      ids,
      { subproduct },
      { concurrency, signal: controller.signal, dedupe: false, onSend: (id) => journal.sending(id), checkFirst },
    )) {
      progress.tick();
      const block = blockOf(outcome);
      if (block !== undefined) {
        blockedUntil = Math.max(blockedUntil ?? 0, Date.now() + block);
        if (!controller.signal.aborted) {
          stderr(`\nStopping: CryptoMate's rate limit blocks every request for ${Math.ceil(block / 1000)} s\n`);
          controller.abort();
        }
      }
      if (!outcome.ok && outcome.error instanceof CryptoMateRateLimitPausedError) {
        held++;
        continue;
      }
      if (progress.finished - held === burst) burstSeconds = (performance.now() - started) / 1000;
      const state = journal.outcome(outcome);
      if (state === "in_doubt") inDoubt++;
      else if (state === "already_active") alreadyActive++;
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
    finished: progress.finished - held,
    seconds: (performance.now() - started) / 1000,
    burst,
    burstSeconds,
    pace,
    blockedUntil,
    failedByStatus,
    inDoubt,
    alreadyActive,
    interrupted,
    plan,
    out,
    json,
  });
}
