/** Many clients, one product: bounded concurrency over the client's own pacing. */
import { CryptoMateError } from "../client/errors.js";
import type { RequestOptions } from "../client/options.js";
import type { Call as PipelineCall } from "../client/pipeline.js";
import type { ProductEnablementInput, ProductEnablementRequest } from "../client/types.js";
import { enablementCall, StillInDoubt } from "./enablement.js";

export type BatchOutcome =
  | {
      clientId: string;
      ok: true;
      request: ProductEnablementRequest;
      /**
       * The client already had an active request for the product (the API answered 409, or a
       * `checkFirst` read found it): `request` is that one, and nothing new was created.
       */
      alreadyActive?: true;
    }
  | {
      clientId: string;
      ok: false;
      error: CryptoMateError;
      /**
       * For a `checkFirst` id: its products could not be read, so nothing was sent and whether
       * an earlier attempt was processed is still unknown. A read answered 404 is not in doubt:
       * a client that does not exist cannot have had a request processed, so that id fails
       * with the `CryptoMateNotFoundError`, nothing sent.
       */
      stillInDoubt?: true;
    };

export interface BatchProgress {
  /** Distinct ids taken from the input so far (all of them once `inputDone`). */
  seen: number;
  /** Repeated ids that were not requested again. */
  duplicates: number;
  succeeded: number;
  failed: number;
  /** Calls started and not finished. */
  inFlight: number;
  inputDone: boolean;
}

export interface BatchOptions extends Omit<RequestOptions, "signal"> {
  /**
   * Most calls at a time. The rate limiter paces them further.
   * @default 15
   */
  concurrency?: number;
  /** Stops sending new requests; requests already sent finish and are yielded. */
  signal?: AbortSignal;
  /** Called after each outcome and when the input runs out. */
  onProgress?: (progress: Readonly<BatchProgress>) => void;
  /**
   * Called when a request for `clientId` is about to go on the wire (its rate-limit slot is
   * taken), once per attempt and awaited. A journal records intent here: if it throws, that
   * attempt is not sent and the batch stops with the error.
   */
  onSend?: (clientId: string) => void | Promise<void>;
  /**
   * Skip repeated ids. `false` when the ids are already distinct, so that none is kept in
   * memory (the CLI does this for inputs of millions of ids).
   * @default true
   */
  dedupe?: boolean;
  /**
   * Ids whose earlier request may have been processed (a crash, a timeout). For these the
   * client's products are read first, and the request is sent only when none for the product
   * is active; otherwise the active one is yielded with `alreadyActive`.
   */
  checkFirst?: (clientId: string) => boolean;
}

function checkConcurrency(value: unknown): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1 || value > 100) {
    throw new RangeError(`concurrency must be a whole number from 1 to 100, got ${String(value)}`);
  }
  return value;
}

export async function* runBatch(
  pipeline: PipelineCall,
  payload: ProductEnablementInput,
  clientIds: Iterable<string> | AsyncIterable<string>,
  options: BatchOptions,
): AsyncGenerator<BatchOutcome> {
  const call = enablementCall(pipeline, payload, options);
  const concurrency = checkConcurrency(options.concurrency ?? 15);
  const dedupe = options.dedupe ?? true;
  const stop = new AbortController();
  const onAbort = () => stop.abort(new DOMException("The batch was stopped", "AbortError"));
  if (options.signal?.aborted) onAbort();
  options.signal?.addEventListener("abort", onAbort, { once: true });

  const source =
    Symbol.asyncIterator in clientIds
      ? (clientIds as AsyncIterable<string>)[Symbol.asyncIterator]()
      : (clientIds as Iterable<string>)[Symbol.iterator]();
  const seen = new Set<string>();
  const progress: BatchProgress = { seen: 0, duplicates: 0, succeeded: 0, failed: 0, inFlight: 0, inputDone: false };
  const ready: BatchOutcome[] = [];
  let wake: (() => void) | undefined;
  let failure: unknown;
  const notify = () => {
    wake?.();
    wake = undefined;
  };

  // Reads are chained so that an async source is never read twice at once.
  let reading: Promise<unknown> = Promise.resolve();
  const nextId = (): Promise<string | undefined> => {
    const read = reading.then(async () => {
      while (!progress.inputDone && !stop.signal.aborted) {
        const item = await source.next();
        if (item.done) {
          progress.inputDone = true;
          options.onProgress?.({ ...progress });
          break;
        }
        const id = item.value;
        if (dedupe) {
          if (seen.has(id)) {
            progress.duplicates++;
            continue;
          }
          seen.add(id);
        }
        progress.seen++;
        return id;
      }
      return undefined;
    });
    reading = read.catch(() => undefined);
    return read;
  };

  const worker = async () => {
    for (let id = await nextId(); id !== undefined; id = await nextId()) {
      progress.inFlight++;
      let outcome: BatchOutcome | undefined;
      try {
        outcome = { clientId: id, ok: true, ...(await call(id, stop.signal)) };
        progress.succeeded++;
      } catch (error) {
        if (error instanceof StillInDoubt && !(error.error instanceof CryptoMateError)) throw error.error;
        if (error instanceof StillInDoubt) {
          outcome = { clientId: id, ok: false, error: error.error as CryptoMateError, stillInDoubt: true };
          progress.failed++;
        } else if (stop.signal.aborted && error === stop.signal.reason) {
          // The batch stopped before this id was sent: it is not reported.
        } else if (error instanceof CryptoMateError) {
          outcome = { clientId: id, ok: false, error };
          progress.failed++;
        } else {
          throw error;
        }
      } finally {
        progress.inFlight--;
      }
      if (outcome) {
        ready.push(outcome);
        options.onProgress?.({ ...progress });
        notify();
      }
    }
  };

  let running = concurrency;
  for (let i = 0; i < concurrency; i++) {
    void worker()
      .catch((error: unknown) => {
        failure ??= error;
        stop.abort(error);
      })
      .finally(() => {
        running--;
        notify();
      });
  }

  try {
    while (running > 0 || ready.length > 0) {
      const outcome = ready.shift();
      if (outcome) {
        yield outcome;
        continue;
      }
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
    if (failure !== undefined) throw failure;
  } finally {
    // Also reached when the consumer stops early: send nothing more.
    if (!stop.signal.aborted) onAbort();
    options.signal?.removeEventListener("abort", onAbort);
    if (running === 0) await (source as { return?: () => unknown }).return?.();
  }
}
