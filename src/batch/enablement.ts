/** One id of a batch: its enablement request, with what the client's product list tells. */
import { CryptoMateConflictError, CryptoMateNotFoundError } from "../client/errors.js";
import type { Call as PipelineCall } from "../client/pipeline.js";
import { activeRequestFor } from "../client/settle.js";
import type { ProductEnablementInput, ProductEnablementRequest } from "../client/types.js";
import type { BatchOptions } from "./run.js";

type Settled = { request: ProductEnablementRequest; alreadyActive?: true };
type Call = (clientId: string, gate: AbortSignal) => Promise<Settled>;

/** Marks a failed read of a `checkFirst` id. */
export class StillInDoubt {
  constructor(readonly error: unknown) {}
}

/**
 * One id of the batch: the request, through the client's pipeline, and a 409 read as the
 * client's active request for the product.
 */
export function enablementCall(call: PipelineCall, payload: ProductEnablementInput, options: BatchOptions): Call {
  // The batch's signal only stops new sends; each call keeps its own timeout, retries and headers.
  const { timeoutMs, maxRetries, headers, onSend, checkFirst } = options;
  const callOptions = { timeoutMs, maxRetries, headers };
  const active = async (clientId: string, gate: AbortSignal) => {
    const { data } = await call("listClientProducts", [clientId], undefined, callOptions, gate);
    return activeRequestFor(data as ProductEnablementRequest[], payload.subproduct);
  };
  return async (clientId, gate) => {
    if (checkFirst?.(clientId)) {
      let found: ProductEnablementRequest | undefined;
      try {
        found = await active(clientId, gate);
      } catch (error) {
        if (gate.aborted && error === gate.reason) throw error;
        // A client that does not exist cannot have had a request processed: a definite failure.
        if (error instanceof CryptoMateNotFoundError) throw error;
        throw new StillInDoubt(error);
      }
      if (found) return { request: found, alreadyActive: true };
    }
    try {
      const { data } = await call(
        "requestProductEnablement",
        [clientId],
        payload,
        callOptions,
        gate,
        onSend && (() => onSend(clientId)),
      );
      return { request: data as ProductEnablementRequest };
    } catch (error) {
      if (!(error instanceof CryptoMateConflictError)) throw error;
      const found = await active(clientId, gate).catch(() => undefined);
      if (!found) throw error;
      return { request: found, alreadyActive: true };
    }
  };
}
