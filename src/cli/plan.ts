/** Which ids of the input a run sends, skips or holds back, decided as the input streams by. */
import { IdSet } from "../batch/id-set.js";
import { type OnUnreadable, readIds } from "./input.js";
import type { ResumeState } from "./journal.js";

export interface Tally {
  /** Ids read, repeats included. */
  read: number;
  duplicates: number;
  /** Already recorded as succeeded. */
  skipped: number;
  /** CSV rows with an empty client_id. */
  missing: number;
  /** CSV rows that cannot be read. */
  unreadable: number;
  /** In doubt after an earlier run: their products are read before anything is sent. */
  inDoubt: number;
  /** To send (or, in doubt, to check) in this run. */
  todo: number;
}

export const emptyTally = (): Tally => ({
  read: 0,
  duplicates: 0,
  skipped: 0,
  missing: 0,
  unreadable: 0,
  inDoubt: 0,
  todo: 0,
});

/**
 * Yields each distinct id of the input that this run should send, in input order, and counts
 * the rest in `tally`. Ids in doubt are yielded too (the run reads their products first, unless
 * `resendInDoubt`), and passed to `onInDoubt`; unreadable CSV rows go to `onUnreadable`.
 */
export async function* idsToSend(
  fd: number,
  resume: ResumeState,
  options: {
    tally: Tally;
    onInDoubt?: (id: string, reason: string) => void;
    onUnreadable?: OnUnreadable;
  },
): AsyncGenerator<string> {
  const { tally } = options;
  const seen = new IdSet();
  for await (const id of readIds(fd, tally, options.onUnreadable)) {
    tally.read++;
    if (!seen.add(id)) tally.duplicates++;
    else if (resume.done.has(id)) tally.skipped++;
    else {
      if (resume.inDoubt.has(id)) {
        tally.inDoubt++;
        options.onInDoubt?.(id, resume.inDoubt.get(id) as string);
      }
      tally.todo++;
      yield id;
    }
  }
}
