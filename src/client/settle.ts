/**
 * Settling a resend answered with a status that means "done before" (`processedIf` in the spec's
 * `x-cryptomate-retry`, 409 for the enablement request and submit calls). The client's product
 * list shows what is there now; only what this call could have done settles it. Loaded only when
 * such an answer arrives.
 *
 * What a 409 to a resend proves, and what it does not:
 * - `requestProductEnablement`: the client has an active request for the product. The first
 *   attempt made it only if no active request existed before the call (CryptoMate keeps one per
 *   client and product): so the request must be `pending_documentation`, as a new one is, and
 *   created no earlier than the call began. An older request, or one already past documentation,
 *   is someone else's (an earlier run, another process): the call ends with the 409.
 * - `submitProductEnablementRequest`: the request was not pending documentation when the resend
 *   arrived. It does not prove that the first attempt moved it: another submit may have, before
 *   or during the call. The call settles only when the list shows the request `in_kyc` or
 *   `enabled` (what a submit leads to) and updated no earlier than the call began; a `rejected`
 *   request, or one unchanged since before the call, ends with the 409. A submit made by someone
 *   else during the call cannot be told apart from this call's.
 *
 * Timestamps: CryptoMate writes `created_at` and `updated_at` without a zone
 * (`2026-04-15T10:30:00`), and does not say which zone. Such a timestamp is read at the latest
 * instant it can stand for, as if written at UTC-12:00, the westernmost offset in use: a request
 * this call made is never taken for an older one, whatever zone the API writes in, and one made
 * more than 12 hours (plus the skew allowance) before the call never settles it. A timestamp with
 * a zone (`Z`, `+02:00`) is read as written. On top of that, `CLOCK_SKEW_MS` allows for this
 * machine's clock running ahead of CryptoMate's, and for the timestamps' whole seconds. A
 * timestamp that is missing or cannot be read settles nothing.
 */
import type { OperationId } from "../../generated/operations.js";
import type { Answer } from "./attempt.js";
import type { ProductEnablementRequest } from "./types.js";

type Params = Record<string, string>;

/** How far this machine's clock may run ahead of CryptoMate's: five minutes. */
export const CLOCK_SKEW_MS = 5 * 60_000;

/** How much later a zone-less timestamp may be than the same text read as UTC: 12 hours (UTC-12:00). */
export const ZONELESS_SPREAD_MS = 12 * 3_600_000;

const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/;

/** The latest instant (ms since the epoch) a CryptoMate timestamp can stand for, or undefined. */
export function latestInstant(value: unknown): number | undefined {
  if (typeof value !== "string") return undefined;
  const match = TIMESTAMP.exec(value);
  if (!match) return undefined;
  const zoned = match[8] !== undefined;
  const instant = Date.parse(zoned ? value : `${value}Z`);
  if (Number.isNaN(instant)) return undefined;
  return zoned ? instant : instant + ZONELESS_SPREAD_MS;
}

/**
 * Whether a timestamp may be from the call that began at `since` (this machine's clock), true;
 * certainly from before it, false; unreadable, undefined.
 */
export function mayBeSince(value: unknown, since: number): boolean | undefined {
  const latest = latestInstant(value);
  return latest === undefined ? undefined : latest >= since - CLOCK_SKEW_MS;
}

/** The client's active (not rejected) request for a product, from its product list. */
export const activeRequestFor = (list: readonly ProductEnablementRequest[], product: unknown) =>
  list.find((request) => request?.product === product && request.status !== "rejected");

/**
 * What the list tells about the earlier attempt: `found`, what it produced; `older`, that the
 * list shows the state the 409 refers to was there before the call began, so no attempt of
 * this call was processed; neither, that it cannot tell.
 */
type Reading = { found?: unknown; older?: boolean };

const SETTLERS: Partial<
  Record<OperationId, (list: ProductEnablementRequest[], params: Params, body: unknown, since: number) => Reading>
> = {
  requestProductEnablement: (list, _params, body, since) => {
    const active = activeRequestFor(list, (body as { subproduct?: unknown } | undefined)?.subproduct);
    if (!active) return {};
    const recent = mayBeSince(active.created_at, since);
    if (recent === false) return { older: true };
    return recent && active.status === "pending_documentation" ? { found: active } : {};
  },
  submitProductEnablementRequest: (list, params, _body, since) => {
    const request = list.find((item) => item?.id === params.productRequestId);
    if (!request) return {};
    const recent = mayBeSince(request.updated_at, since);
    if (recent === false) return { older: true };
    const moved = request.status === "in_kyc" || request.status === "enabled";
    return recent && moved ? { found: { product: request, rejected_items: [] } } : {};
  },
};

/**
 * The answer of a resend refused because an earlier attempt may have been processed, read from
 * the client's products with `read`, for a call that began at `started` (`performance.now()`), with the
 * refusal as its `settledAfter`. Undefined when the list shows that what the refusal refers to
 * predates the call, so that no attempt of it was processed. Throws the refusal when the list
 * cannot tell (with the read's failure as its cause when the products cannot be read), and the
 * caller's abort when the caller aborts meanwhile.
 */
export async function settleResend(
  operationId: OperationId,
  params: Params,
  payload: unknown,
  refusal: unknown,
  started: number,
  signal: AbortSignal | undefined,
  read: () => Promise<Answer>,
): Promise<Answer | undefined> {
  // The call's start on the wall clock, which the API's timestamps are compared with.
  const since = Date.now() - (performance.now() - started);
  const match = SETTLERS[operationId];
  if (!match || params.clientId === undefined) throw refusal;
  let answer: Answer;
  try {
    answer = await read();
  } catch (failure) {
    // The caller's abort is theirs to see; any other failure of the read goes with the refusal.
    if (signal?.aborted) throw signal.reason;
    if (refusal instanceof Error && refusal.cause === undefined) refusal.cause = failure;
    throw refusal;
  }
  const { data, response } = answer;
  const reading = Array.isArray(data) ? match(data as ProductEnablementRequest[], params, payload, since) : {};
  if (reading.found !== undefined) {
    return { data: reading.found, response, settledAfter: refusal as Answer["settledAfter"] };
  }
  if (reading.older) return undefined;
  throw refusal;
}
