/** The client factory: one place adds the key, paces, times out and retries each call. */
import createClient, { type Client } from "openapi-fetch";
import type { paths } from "../../generated/schema.js";
import type { BatchOptions, BatchOutcome } from "../batch/run.js";
import { CryptoMateError, CryptoMateInputError } from "./errors.js";
import { checkBody } from "./input.js";
import { type OperationMethods, operationMethods } from "./operations.js";
import { type CryptoMateClientOptions, type ResolvedOptions, resolveOptions } from "./options.js";
import { createPipeline } from "./pipeline.js";
import type { ProductEnablementInput } from "./types.js";

/** Refuses a lone string where many ids are expected (a string is iterable, by character). */
type NotAString<T> = T extends string ? never : unknown;

/** openapi-fetch's client for the spec's paths, with the API key already attached. */
export type RawClient = Client<paths>;

/**
 * The client: a method per operation of the spec (`createIndividualClient`,
 * `getIndividualClient`, `updateIndividualClient`, `listClientProducts`,
 * `requestProductEnablement`, `completeProductDocumentation`, `submitProductEnablementRequest`),
 * each resolving to the operation's answer on a 2xx and rejecting with a {@link CryptoMateError}
 * subclass otherwise, or with the signal's reason when `options.signal` aborts before sending.
 * `.withResponse()` on the returned promise also gives the HTTP response and its trace id.
 * @example const { data, response, traceId } = await client.requestProductEnablement(id, body).withResponse();
 */
export interface CryptoMateClient extends OperationMethods {
  /** The base URL requests go to. */
  readonly baseUrl: string;
  /**
   * Requests the same product for many clients, paced by this client's rate limiter, with at
   * most `options.concurrency` calls at a time. Yields one outcome per distinct client id, in
   * completion order; a repeated id is requested once. When `options.signal` aborts, no new
   * request is sent, the ones already sent finish, and each of them is still yielded.
   */
  requestProductEnablementBatch<Ids extends Iterable<string> | AsyncIterable<string>>(
    clientIds: Ids & NotAString<Ids>,
    body: ProductEnablementInput,
    options?: BatchOptions,
  ): AsyncIterable<BatchOutcome>;
  /**
   * The underlying openapi-fetch client, for what this wrapper does not cover. It sends the
   * API key, but does not pace, time out or retry. Like the typed path, it sends the key only
   * to the client's origin (a per-request `baseUrl` elsewhere is refused) and never follows a
   * redirect: a 3xx comes back as the response.
   */
  readonly raw: RawClient;
}

export function createCryptoMateClient(options: CryptoMateClientOptions = {}): CryptoMateClient {
  const { apiKey, resolved } = resolveOptions(options);
  // Keys are at least 8 characters (checked when options are resolved). A server may echo the
  // key as it is, escaped in JSON, or encoded in a URL: every form is redacted.
  const forms = [...new Set([apiKey, JSON.stringify(apiKey).slice(1, -1), encodeURIComponent(apiKey)])];
  const redact = (text: string) => forms.reduce((out, form) => out.split(form).join("[redacted]"), text);

  // The one place the key is attached, used by both the typed path and `raw`.
  const authorize = (request: Request) => {
    request.headers.set("x-api-key", apiKey);
    return request;
  };
  // Looked up per request so that a fetch installed after construction is honoured.
  const send = (request: Request) => (resolved.fetch ?? globalThis.fetch)(request);
  const clientOptions = { baseUrl: resolved.baseUrl, headers: resolved.headers };
  // Both paths attach the key in their fetch step, after every middleware has run.
  const internal = createClient<paths>({ ...clientOptions, fetch: send });
  const raw = createClient<paths>({
    ...clientOptions,
    // `raw` never follows a redirect and never sends the key to another origin, whatever a
    // per-request `baseUrl` or a middleware says.
    fetch: (request: Request) => {
      const origin = new URL(request.url).origin;
      if (origin !== resolved.origin) {
        throw new CryptoMateInputError(
          "baseUrl",
          `client.raw sends the API key only to ${resolved.origin}; refused a request to ${origin}`,
        );
      }
      return send(authorize(new Request(request, { redirect: "manual" })));
    },
  });

  const call = createPipeline({ resolved, internal, authorize, send, redact });

  const methods = operationMethods(call);

  const requestProductEnablementBatch: CryptoMateClient["requestProductEnablementBatch"] = (
    clientIds,
    body,
    options = {},
  ) => {
    if (
      typeof clientIds !== "object" ||
      clientIds === null ||
      !(Symbol.iterator in clientIds || Symbol.asyncIterator in clientIds)
    ) {
      throw new CryptoMateInputError("clientIds", "must be an array or other iterable of client ids, not a single id");
    }
    const payload = checkBody(body);
    // The batch runner is loaded on first use: apps that never batch never load it.
    return (async function* () {
      const { runBatch } = await import("../batch/run.js");
      yield* runBatch(call, payload, clientIds, options);
    })();
  };

  return describeClient(resolved, { ...methods, requestProductEnablementBatch, raw });
}

/** Freezes the client and gives it a printable form that shows no secret. */
function describeClient(resolved: ResolvedOptions, methods: Omit<CryptoMateClient, "baseUrl">): CryptoMateClient {
  const summary = {
    baseUrl: resolved.baseUrl,
    timeoutMs: resolved.timeoutMs,
    maxRetries: resolved.maxRetries,
    rateLimit: resolved.rateLimit ? { requestsPerSecond: resolved.rateLimit.requestsPerSecond } : false,
    logLevel: resolved.logLevel,
  };
  return Object.freeze({
    baseUrl: resolved.baseUrl,
    ...methods,
    toJSON: () => summary,
    [Symbol.for("nodejs.util.inspect.custom")]: () => `CryptoMateClient ${JSON.stringify(summary)}`,
  });
}
