/**
 * The promise every call returns: awaiting it gives the data; `.withResponse()` also gives the
 * HTTP response and its trace id (the pattern of Stainless-generated SDKs). Nothing is parsed
 * twice, and a promise nobody reads never reports an unhandled rejection of its own.
 */
import type { Answer } from "./attempt.js";
import type { CryptoMateError } from "./error-base.js";

export interface WithResponse<T> {
  data: T;
  /** The HTTP response (its body already read). */
  response: Response;
  /** The `X-Trace-Id` header, when the server sent one: quote it to CryptoMate's support. */
  traceId: string | undefined;
  /**
   * Set when the call was settled: an attempt's outcome was unknown (a 5xx, a timeout), the
   * resend was refused with this 409, and the client's products showed what the earlier attempt
   * did. `data` is then read from that list, and `response` and `traceId` are the list read's
   * (`GET .../products`, 200); this error keeps the 409's own status and trace id.
   */
  settledAfter?: CryptoMateError;
}

export class ApiPromise<T> extends Promise<T> {
  readonly #answer: Promise<Answer>;
  #data: Promise<T> | undefined;

  constructor(answer: Promise<Answer>) {
    // The base promise is a placeholder: then/catch/finally read the answer instead.
    super((resolve) => resolve(undefined as T));
    this.#answer = answer;
  }

  // Promise methods on an ApiPromise (then, Promise.all...) make plain promises.
  static override get [Symbol.species]() {
    return Promise;
  }

  /** The data together with the response it came in and its trace id. */
  withResponse(): Promise<WithResponse<T>> {
    return this.#answer.then(
      (answer) => ({ ...answer, traceId: answer.response.headers.get("x-trace-id") ?? undefined }) as WithResponse<T>,
    );
  }

  #parsed(): Promise<T> {
    this.#data ??= this.#answer.then(({ data }) => data as T);
    return this.#data;
  }

  // biome-ignore lint/suspicious/noThenProperty: a Promise subclass whose then reads the answer
  override then<A = T, B = never>(
    onFulfilled?: ((value: T) => A | PromiseLike<A>) | null,
    onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    return this.#parsed().then(onFulfilled, onRejected);
  }
  // catch and finally go through then, as Promise's own methods do.
}
