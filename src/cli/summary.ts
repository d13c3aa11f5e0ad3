/** The end of a batch run: one summary on stderr, one JSON line on stdout with --json, the exit code. */
import type { Tally } from "./plan.js";

const stderr = (text: string) => process.stderr.write(text);

export interface RunResult {
  /** Outcomes yielded by the batch. */
  finished: number;
  seconds: number;
  /** Failures that were not processed, by status (or error name when there was no answer). */
  failedByStatus: Map<string, number>;
  /** Outcomes of this run that may have been processed. */
  inDoubt: number;
  interrupted: boolean;
  plan: Tally;
  out: string;
  json: boolean;
}

/** Prints the summary and returns the exit code. */
export function printSummary({
  finished,
  seconds,
  failedByStatus,
  inDoubt,
  interrupted,
  plan,
  out,
  json,
}: RunResult): number {
  const failed = [...failedByStatus.values()].reduce((a, b) => a + b, 0);
  const succeeded = finished - failed - inDoubt;
  const byStatus = [...failedByStatus.entries()].map(([status, count]) => `${status}: ${count}`).join(", ");
  const notStarted = plan.todo - finished;
  const totalInDoubt = inDoubt + plan.inDoubt;
  stderr(
    [
      `Done: ${succeeded} succeeded, ${failed} failed${byStatus ? ` (${byStatus})` : ""}, ${plan.skipped} skipped as already done` +
        (totalInDoubt > 0 ? `, ${totalInDoubt} in doubt (not sent again without --resend-in-doubt)` : "") +
        (plan.duplicates > 0 ? `, ${plan.duplicates} duplicate line(s) ignored` : "") +
        (plan.missing > 0 ? `, ${plan.missing} row(s) without a client_id` : "") +
        (plan.unreadable > 0 ? `, ${plan.unreadable} unreadable row(s)` : "") +
        (notStarted > 0 ? `, ${notStarted} not started` : ""),
      `Time: ${seconds.toFixed(1)} s, ${(finished / Math.max(seconds, 0.001)).toFixed(1)} requests/s. Results: ${out}`,
      "",
    ].join("\n"),
  );
  if (json) {
    const summary = {
      succeeded,
      failed,
      skipped: plan.skipped,
      inDoubt: totalInDoubt,
      duplicates: plan.duplicates,
      missing: plan.missing,
      unreadable: plan.unreadable,
      notStarted,
      interrupted,
      seconds: Number(seconds.toFixed(3)),
    };
    process.stdout.write(`${JSON.stringify(summary)}\n`);
  }
  if (interrupted) return 130;
  return failed > 0 || totalInDoubt > 0 || plan.unreadable > 0 ? 1 : 0;
}
