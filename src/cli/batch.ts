/** `cryptomate-enable batch <file> --out <results.jsonl>`: paced, resumable, crash-safe. */
import { closeSync } from "node:fs";
import type { Subproduct } from "../client/types.js";
import { checkClientFlags, type Flags, makeClient, Refusal, rateOf, UsageError } from "./args.js";
import { openInput } from "./input.js";
import { Journal, type ResumeState, readJournal } from "./journal.js";
import { type Lock, lockHolder, lockJournal } from "./lock.js";
import { stderr } from "./output.js";
import { emptyTally, idsToSend, type Tally } from "./plan.js";
import { formatDuration } from "./progress.js";
import { send } from "./send.js";
import { checkTarget, targetOf } from "./target.js";

/** In-doubt ids and unreadable rows listed on stderr; the journal has all in-doubt ids. */
const LISTED = 50;

export interface Settings {
  out: string;
  concurrency: number;
  subproduct: Subproduct;
  resendInDoubt: boolean;
  pace: number;
  json: boolean;
}

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
  const target = targetOf(values);
  const settings: Settings = {
    out: values.out,
    concurrency: concurrencyOf(values),
    subproduct: target.product as Subproduct,
    resendInDoubt: values["resend-in-doubt"] === true,
    pace: rateOf(values),
    json: values.json === true,
  };
  const dry = values["dry-run"] === true;
  const input = openInput(file);
  // A dry run writes nothing, so it reads without the lock; it says when a run holds it.
  let lock: Lock | undefined;
  try {
    if (dry) {
      const holder = lockHolder(settings.out);
      if (holder) stderr(`Note: another run (${holder}) holds ${settings.out}: the counts below change as it goes\n`);
    } else lock = await lockJournal(settings.out, stderr);
    const resume = await readJournal(settings.out);
    checkTarget(settings.out, resume.target, target);
    const { plan, unrecorded } = await planRun(input, resume, settings);
    if (dry) {
      checkClientFlags(values);
      return dryRun(plan, settings);
    }
    const { client, close } = await makeClient(values);
    try {
      // A new journal, or one from a version that did not record its target, gets this run's.
      if (!resume.target) {
        const journal = new Journal(settings.out);
        journal.target(target);
        journal.close();
      }
      return await send(client, input, resume, plan, unrecorded, settings);
    } finally {
      await close();
    }
  } catch (error) {
    if (!(error instanceof Refusal)) throw error;
    stderr(`cryptomate-enable: ${error.message}\n`);
    return 2;
  } finally {
    lock?.release();
    closeSync(input);
  }
}

/** First pass over the input: counts for the progress bar, and what is held back, reported. */
async function planRun(input: number, resume: ResumeState, { out, resendInDoubt }: Settings) {
  const plan = emptyTally();
  const listed: string[] = [];
  // In doubt, but with no line saying so yet (the run that sent them died): recorded below.
  const unrecorded: string[] = [];
  const unreadable: string[] = [];
  const ids = idsToSend(input, resume, {
    tally: plan,
    onInDoubt: (id) => {
      if (listed.length < LISTED) listed.push(id);
      if (resume.unrecorded.has(id)) unrecorded.push(id);
    },
    onUnreadable: (lines, reason) => {
      if (unreadable.length < LISTED) unreadable.push(`  ${lines}: ${reason}\n`);
    },
  });
  for await (const _ of ids);
  // Reported in this first pass only; the sending pass reads the same rows again.
  if (plan.unreadable > 0) {
    stderr(
      `Cannot read ${plan.unreadable} row(s) of the input; their ids are not sent (fix them and run again):\n` +
        unreadable.join("") +
        (plan.unreadable > unreadable.length ? `  ... and ${plan.unreadable - unreadable.length} more\n` : ""),
    );
  }
  if (plan.skipped > 0) stderr(`Skipping ${plan.skipped} id(s) already recorded as succeeded in ${out}\n`);
  if (plan.inDoubt > 0) {
    stderr(
      (resendInDoubt
        ? `Sending ${plan.inDoubt} id(s) in doubt again (--resend-in-doubt); CryptoMate refuses a second active request, which counts as already active:\n`
        : `Checking ${plan.inDoubt} id(s) in doubt (an earlier attempt may have been processed): each client's products are read first, and the request is sent only when none is active:\n`) +
        listed.map((id) => `  ${id}\n`).join("") +
        (plan.inDoubt > listed.length ? `  ... and ${plan.inDoubt - listed.length} more (see ${out})\n` : ""),
    );
  }
  if (plan.missing > 0) stderr(`Ignoring ${plan.missing} row(s) without a client_id\n`);
  return { plan, unrecorded };
}

function dryRun(plan: Tally, { pace, json }: Settings): number {
  const seconds = plan.todo / pace;
  stderr(
    `Dry run: would send ${plan.todo} id(s) (${plan.skipped} already done, ${plan.inDoubt} in doubt to check first, ` +
      `${plan.duplicates} duplicate(s), ${plan.missing} row(s) without an id` +
      (plan.unreadable > 0 ? `, ${plan.unreadable} unreadable row(s)` : "") +
      "); " +
      `at ${pace} requests/s that takes about ${formatDuration(seconds)}. Nothing was sent.\n`,
  );
  if (json) {
    const { todo, skipped, inDoubt, duplicates, missing, unreadable } = plan;
    const summary = {
      dryRun: true,
      toSend: todo,
      skipped,
      inDoubt,
      duplicates,
      missing,
      unreadable,
      estimatedSeconds: seconds,
    };
    process.stdout.write(`${JSON.stringify(summary)}\n`);
  }
  return plan.unreadable > 0 ? 1 : 0;
}
