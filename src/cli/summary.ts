/** The end of a batch run: one summary on stderr, one JSON line on stdout with --json, the exit code. */

import { stderr } from "./output.js";
import type { Tally } from "./plan.js";

export interface RunResult {
  /** Outcomes yielded by the batch. */
  finished: number;
  seconds: number;
  /** Requests allowed at once before the pace applies, and when that many had finished. */
  burst: number;
  burstSeconds: number | undefined;
  /** Requests per second allowed. */
  pace: number;
  /** When a rate-limit block that stopped the run ends (epoch milliseconds). */
  blockedUntil: number | undefined;
  /** Failures that were not processed, by status (or error name when there was no answer). */
  failedByStatus: Map<string, number>;
  /** Outcomes of this run that may have been processed. */
  inDoubt: number;
  /** Ids whose client already had an active request for the product: done. */
  alreadyActive: number;
  interrupted: boolean;
  plan: Tally;
  out: string;
  json: boolean;
}

/**
 * The pace of the run. The first burst goes at once and would read as a breach of the limit, so
 * the rate shown is the one after it.
 */
function rateLine(finished: number, seconds: number, burst: number, burstSeconds: number | undefined, pace: number) {
  if (finished === 0) return "nothing sent";
  // A pace needs a second or more after the burst to mean anything.
  if (burstSeconds === undefined || finished <= burst || seconds - burstSeconds < 1) {
    return `${finished} request(s) (up to ${burst} go at once, then at most ${pace}/s)`;
  }
  const steady = (finished - burst) / (seconds - burstSeconds);
  return `${steady.toFixed(1)} requests/s after the first burst of ${burst} (limit ${pace}/s)`;
}

/** Prints the summary and returns the exit code. */
export function printSummary({
  finished,
  seconds,
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
}: RunResult): number {
  const failed = [...failedByStatus.values()].reduce((a, b) => a + b, 0);
  const succeeded = finished - failed - inDoubt - alreadyActive;
  const byStatus = [...failedByStatus.entries()].map(([status, count]) => `${status}: ${count}`).join(", ");
  const notStarted = plan.todo - finished;
  const totalInDoubt = inDoubt;
  stderr(
    [
      `Done: ${succeeded} succeeded, ` +
        (alreadyActive > 0 ? `${alreadyActive} already active, ` : "") +
        `${failed} failed${byStatus ? ` (${byStatus})` : ""}, ${plan.skipped} skipped as already done` +
        (totalInDoubt > 0
          ? `, ${totalInDoubt} in doubt (may have been processed; a rerun reads their products and sends only when none is active)`
          : "") +
        (plan.duplicates > 0 ? `, ${plan.duplicates} duplicate line(s) ignored` : "") +
        (plan.missing > 0 ? `, ${plan.missing} row(s) without a client_id` : "") +
        (plan.unreadable > 0 ? `, ${plan.unreadable} unreadable row(s)` : "") +
        (notStarted > 0 ? `, ${notStarted} not started` : ""),
      `Time: ${seconds.toFixed(1)} s, ${rateLine(finished, seconds, burst, burstSeconds, pace)}. Results: ${out}`,
      ...(blockedUntil === undefined
        ? []
        : [
            `Stopped early: CryptoMate's rate limit blocks every request until ${new Date(blockedUntil).toISOString()}; ` +
              `${notStarted} id(s) not started. Run the same command again after that: sending during the block only makes it longer.`,
          ]),
      "",
    ].join("\n"),
  );
  if (json) {
    const summary = {
      succeeded,
      alreadyActive,
      failed,
      skipped: plan.skipped,
      inDoubt: totalInDoubt,
      duplicates: plan.duplicates,
      missing: plan.missing,
      unreadable: plan.unreadable,
      notStarted,
      interrupted,
      rateLimitedUntil: blockedUntil === undefined ? null : new Date(blockedUntil).toISOString(),
      seconds: Number(seconds.toFixed(3)),
    };
    process.stdout.write(`${JSON.stringify(summary)}\n`);
  }
  if (interrupted) return 130;
  return failed > 0 || totalInDoubt > 0 || plan.unreadable > 0 || blockedUntil !== undefined ? 1 : 0;
}
