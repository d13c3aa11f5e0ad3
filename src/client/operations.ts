/**
 * One typed method per operation of the spec, generated from it (generated/operations.js): each
 * takes the path parameters in path order, then the body when there is one, then per-call
 * options, and goes through the one call pipeline (pacing, timeouts, retries, typed errors,
 * logs, spans, `.withResponse()`, validation, per-call headers).
 */
import {
  OPERATIONS,
  type OperationArgs,
  type OperationId,
  type OperationInfo,
  type OperationResult,
} from "../../generated/operations.js";
import { ApiPromise } from "./api-promise.js";
import type { Answer } from "./attempt.js";
import { checkBody } from "./input.js";
import type { RequestOptions } from "./options.js";
import type { Call } from "./pipeline.js";

/** A deep copy (typed arrays and Blobs included), or the value itself if it cannot be copied. */
function snapshot(value: unknown): unknown {
  try {
    return structuredClone(value);
  } catch {
    return value;
  }
}

/** A method per operation of the spec, named by its operationId. */
export type OperationMethods = {
  [K in keyof OperationArgs]: (
    ...args: [...OperationArgs[K], options?: RequestOptions]
  ) => ApiPromise<OperationResult[K]>;
};

export function operationMethods(call: Call): OperationMethods {
  const methods: Record<string, unknown> = {};
  for (const id of Object.keys(OPERATIONS) as OperationId[]) {
    const { params, body, checked } = OPERATIONS[id] as OperationInfo;
    methods[id] = (...args: unknown[]) => {
      // A refused argument rejects the promise instead of throwing; the body is copied now.
      let answer: Promise<Answer>;
      try {
        const options = (args[params.length + (body ? 1 : 0)] ?? {}) as RequestOptions;
        const path = args.slice(0, params.length);
        // Snapshot now, bytes included, so that later changes to the caller's object are not sent.
        const given = checked ? snapshot(args[params.length]) : args[params.length];
        answer = checked
          ? // Fields the spec checks (images, identifiers): the code doing it loads on first use.
            import("./documents.js")
              .then(({ prepareBody }) => prepareBody(id, given))
              .then((prepared) => call(id, path, checkBody(prepared), options))
          : call(id, path, body ? checkBody(given) : undefined, options);
      } catch (error) {
        answer = Promise.reject(error);
      }
      return new ApiPromise(answer);
    };
  }
  return methods as OperationMethods;
}
