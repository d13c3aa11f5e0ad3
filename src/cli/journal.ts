/**
 * The batch's output file, which is also its journal: one JSON line per event, appended and
 * flushed to disk (fdatasync) before the program goes on.
 *
 *   {"clientId":"a","state":"sending","at":"…"}             before each attempt goes on the wire
 *   {"clientId":"a","state":"succeeded","ok":true,"id":…,"status":…}
 *   {"clientId":"a","state":"already_active","ok":true,"id":…,"status":…}   it had an active request (409): done
 *   {"clientId":"a","state":"failed","ok":false,…}           not processed (4xx, never sent, or an id in doubt
 *                                                           whose products read got 404): retried next run
 *   {"clientId":"a","state":"in_doubt","ok":false,…}         may have been processed: not sent again
 *   {"baseUrl":"https://…","product":"…","at":"…"}           where and what its runs send (see target.ts)
 *
 * The last line of an id decides. An id whose last line is "sending" was on the wire when the
 * program died (SIGKILL, power loss): it is in doubt, and the next run reads the client's
 * products before sending it again (an id whose read fails stays in doubt, unless the read
 * answers 404: a client that does not exist cannot have had a request processed).
 */
import {
  closeSync,
  createReadStream,
  existsSync,
  fdatasyncSync,
  fstatSync,
  openSync,
  readSync,
  writeSync,
} from "node:fs";
import { createInterface } from "node:readline";
import { IdSet } from "../batch/id-set.js";
import type { BatchOutcome } from "../batch/run.js";
import { CryptoMateApiError, CryptoMateConflictError, mayHaveBeenProcessed } from "../client/errors.js";
import { UsageError } from "./args.js";
import { type Target, targetLine, targetRecord } from "./target.js";

export type JournalState = "sending" | "succeeded" | "already_active" | "failed" | "in_doubt";

export interface ResumeState {
  /** Ids recorded as succeeded. */
  done: IdSet;
  /** Ids whose outcome is unknown, with the reason. */
  inDoubt: Map<string, string>;
  /** Those of them whose last line is "sending": no line says yet that they are in doubt. */
  unrecorded: Set<string>;
  /** Where and what the journal's runs send; none in a new journal or one from an earlier version. */
  target?: Target;
}

const LOST_IN_FLIGHT = "sent by an earlier run that stopped before recording the answer";

function stateOf(entry: { state?: unknown; ok?: unknown }): JournalState | undefined {
  if (entry.state === "sending" || entry.state === "succeeded" || entry.state === "failed") return entry.state;
  if (entry.state === "in_doubt" || entry.state === "already_active") return entry.state;
  if (entry.state === undefined && typeof entry.ok === "boolean") return entry.ok ? "succeeded" : "failed";
  return undefined;
}

/** Reads the journal line by line. A torn last line (a crash mid-write) is ignored. */
export async function readJournal(path: string): Promise<ResumeState> {
  try {
    return await read(path);
  } catch (error) {
    throw new UsageError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}

async function read(path: string): Promise<ResumeState> {
  const done = new IdSet();
  const inDoubt = new Map<string, string>();
  const unrecorded = new Set<string>();
  let target: Target | undefined;
  if (!existsSync(path)) return { done, inDoubt, unrecorded };
  const lines = createInterface({ input: createReadStream(path, "utf8"), crlfDelay: Number.POSITIVE_INFINITY });
  for await (const line of lines) {
    if (line.trim() === "") continue;
    let entry: { clientId?: unknown; state?: unknown; ok?: unknown; message?: unknown };
    try {
      entry = JSON.parse(line);
    } catch {
      continue;
    }
    if (entry === null || typeof entry !== "object") continue;
    const id = entry.clientId;
    if (id === undefined) target ??= targetLine(entry);
    const state = stateOf(entry);
    if (typeof id !== "string" || state === undefined) continue;
    if (state === "succeeded" || state === "already_active") done.add(id);
    if (state === "sending") {
      inDoubt.set(id, LOST_IN_FLIGHT);
      unrecorded.add(id);
      continue;
    }
    unrecorded.delete(id);
    if (state === "in_doubt") inDoubt.set(id, typeof entry.message === "string" ? entry.message : LOST_IN_FLIGHT);
    else inDoubt.delete(id);
  }
  return { done, inDoubt, unrecorded, target };
}

/** The line recorded for an outcome, and its state. */
function outcomeLine(outcome: BatchOutcome): Record<string, unknown> & { state: JournalState } {
  if (outcome.ok) {
    const { id, status } = outcome.request;
    const state = outcome.alreadyActive ? "already_active" : "succeeded";
    return { clientId: outcome.clientId, state, ok: true, id, status };
  }
  const error = outcome.error;
  // A 409 whose request could not be read: the client has an active request all the same.
  if (error instanceof CryptoMateConflictError) {
    return {
      clientId: outcome.clientId,
      state: "already_active",
      ok: true,
      id: null,
      status: null,
      message: error.message,
    };
  }
  const api = error instanceof CryptoMateApiError ? error : undefined;
  return {
    clientId: outcome.clientId,
    state: outcome.stillInDoubt || mayHaveBeenProcessed(error) ? "in_doubt" : "failed",
    ok: false,
    status: api?.status ?? null,
    code: api?.code ?? null,
    error: error.name,
    message: outcome.stillInDoubt
      ? `still in doubt: the client's products could not be read (${error.message})`
      : error.message,
    traceId: api?.traceId ?? null,
  };
}

/** Appends to the journal; every line reaches the disk before the call returns. */
export class Journal {
  readonly #fd: number;
  readonly #path: string;

  constructor(path: string) {
    this.#path = path;
    try {
      this.#fd = openSync(path, "a+");
      if (fstatSync(this.#fd).isDirectory()) throw Object.assign(new Error(), { code: "EISDIR" });
    } catch (error) {
      throw new UsageError(`cannot write ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
    // A line torn by a crash would swallow the next one: start on a fresh line.
    const size = fstatSync(this.#fd).size;
    const last = Buffer.alloc(1);
    if (size > 0 && readSync(this.#fd, last, 0, 1, size - 1) === 1 && last[0] !== 0x0a) this.#write("\n");
  }

  sending(clientId: string): void {
    this.#record({ clientId, state: "sending", at: new Date().toISOString() });
  }

  outcome(outcome: BatchOutcome): JournalState {
    const line = outcomeLine(outcome);
    this.#record(line);
    return line.state;
  }

  inDoubt(clientId: string, message: string): void {
    this.#record({ clientId, state: "in_doubt", ok: false, message });
  }

  target(target: Target): void {
    this.#record(targetRecord(target));
  }

  close(): void {
    closeSync(this.#fd);
  }

  #record(line: Record<string, unknown>): void {
    this.#write(`${JSON.stringify(line)}\n`);
  }

  #write(text: string): void {
    try {
      writeSync(this.#fd, text);
      fdatasyncSync(this.#fd);
    } catch (error) {
      // Nothing is sent unless its intent is on disk: the run stops here, with one line.
      throw new UsageError(`cannot write ${this.#path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
  }
}
