/**
 * Settling a resend answered with a status that means "done before" (`processedIf` in the spec's
 * `x-cryptomate-retry`, 409 for the enablement request and submit calls): the API allows one
 * active request per client and product, so the client's product list shows what the earlier
 * attempt did. Loaded only when such an answer arrives.
 */
import type { OperationId } from "../../generated/operations.js";
import type { Answer } from "./attempt.js";
import type { ProductEnablementRequest } from "./types.js";

type Params = Record<string, string>;

/** The client's active (not rejected) request for a product, from its product list. */
export const activeRequestFor = (list: readonly ProductEnablementRequest[], product: unknown) =>
  list.find((request) => request?.product === product && request.status !== "rejected");

/** For each operation that may settle, what in the product list shows its earlier attempt. */
const SETTLERS: Partial<
  Record<OperationId, (list: ProductEnablementRequest[], params: Params, body: unknown) => unknown>
> = {
  // The active (not rejected) request for the product asked for: the earlier attempt made it.
  requestProductEnablement: (list, _params, body) =>
    activeRequestFor(list, (body as { subproduct?: unknown } | undefined)?.subproduct),
  // The request, moved past pending_documentation: the earlier submit moved it.
  submitProductEnablementRequest: (list, params) => {
    const request = list.find((item) => item?.id === params.productRequestId);
    return request && request.status !== "pending_documentation" ? { product: request, rejected_items: [] } : undefined;
  },
};

/**
 * What the earlier attempt produced, read from `listClientProducts` with `read`, or undefined
 * when the list does not show it (the conflict was someone else's).
 */
async function settle(
  operationId: OperationId,
  params: Params,
  body: unknown,
  read: (clientId: string) => Promise<Answer>,
): Promise<Answer | undefined> {
  const match = SETTLERS[operationId];
  if (!match || params.clientId === undefined) return undefined;
  const { data, response } = await read(params.clientId);
  const found = Array.isArray(data) ? match(data as ProductEnablementRequest[], params, body) : undefined;
  return found === undefined ? undefined : { data: found, response };
}

/**
 * The answer of a resend that was refused because an earlier attempt was processed, read from
 * the client's products; the refusal itself when they do not show it or cannot be read.
 */
export async function settleResend(
  operationId: OperationId,
  params: Params,
  payload: unknown,
  refusal: unknown,
  signal: AbortSignal | undefined,
  read: (clientId: string) => Promise<Answer>,
): Promise<Answer> {
  let settled: Answer | undefined;
  try {
    settled = await settle(operationId, params, payload, read);
  } catch (failure) {
    // The caller's abort is theirs to see; any other failure of the read goes with the refusal.
    if (signal?.aborted) throw signal.reason;
    if (refusal instanceof Error && refusal.cause === undefined) refusal.cause = failure;
    throw refusal;
  }
  if (!settled) throw refusal;
  return settled;
}
