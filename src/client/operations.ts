/**
 * One typed method per operation of the spec, generated from it (generated/operations.js): each
 * takes the path parameters in path order, then the body when there is one, then per-call
 * options, and goes through the one call pipeline (pacing, timeouts, retries, typed errors,
 * logs, spans, `.withResponse()`, validation, per-call headers).
 */
import { OPERATIONS, type OperationArgs, type OperationId, type OperationResult } from "../../generated/operations.js";
import { ApiPromise } from "./api-promise.js";
import type { Answer } from "./attempt.js";
import { checkBody } from "./input.js";
import type { RequestOptions } from "./options.js";
import type { Call } from "./pipeline.js";

/** A method per operation of the spec, named by its operationId. */
export type OperationMethods = {
  [K in keyof OperationArgs]: (
    ...args: [...OperationArgs[K], options?: RequestOptions]
  ) => ApiPromise<OperationResult[K]>;
};

export function operationMethods(call: Call): OperationMethods {
  const methods: Record<string, unknown> = {};
  for (const id of Object.keys(OPERATIONS) as OperationId[]) {
    const { params, body } = OPERATIONS[id];
    methods[id] = (...args: unknown[]) => {
      // A refused argument rejects the promise instead of throwing; the body is copied now.
      let answer: Promise<Answer>;
      try {
        const payload = body ? checkBody(args[params.length]) : undefined;
        const options = (args[params.length + (body ? 1 : 0)] ?? {}) as RequestOptions;
        answer = call(id, args.slice(0, params.length), payload, options);
      } catch (error) {
        answer = Promise.reject(error);
      }
      return new ApiPromise(answer);
    };
  }
  return methods as OperationMethods;
}
