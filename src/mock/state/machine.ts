/**
 * The stateful mock: one in-memory state machine that plays the documented enablement flow,
 * shared by the mock server (`--stateful`) and the MSW handlers (`{ stateful: true }`). It takes
 * a call (method, path, API key, parsed body) and gives the answer from the sandbox of the call's
 * API key; the adapters add trace ids.
 */
import { matchRoute } from "../routes.js";
import { routeNotFound, unauthorized } from "./answers.js";
import { createIndividualClient, getIndividualClient, updateIndividualClient } from "./clients.js";
import {
  completeProductDocumentation,
  listClientProducts,
  requestProductEnablement,
  submitProductEnablementRequest,
} from "./products.js";
import { createSandboxes, type SandboxDump, type SandboxOptions } from "./sandboxes.js";
import type { MockAnswer } from "./types.js";

export { DEFAULT_LIMITS, type SandboxLimits } from "./limits.js";
export type { SandboxDump } from "./sandboxes.js";
export { DEFAULT_REVIEW_MS, MAX_CLIENTS, reviewMsOf } from "./store.js";
export type { MockAnswer } from "./types.js";

/** The path that clears the caller's sandbox, on the mock server and in the MSW handlers. */
export const RESET_PATH = "/__mock/reset";

export interface MockCall {
  method: string;
  /** The path, without the query. */
  path: string;
  /** The `x-api-key` header, if any: a call without one is answered 401. */
  apiKey: string | null | undefined;
  /** The parsed JSON body, or undefined. */
  body: unknown;
}

export interface MockStateOptions extends SandboxOptions {
  /** Called after each call that changed the state (to save it), and after each reset. */
  onChange?: () => void;
}

export interface MockState {
  /** Answers a call of the spec's operations (or 404 for a path that is none). */
  handle(call: MockCall): MockAnswer;
  /** Forgets the sandbox of this API key; without one, every sandbox. */
  reset(apiKey?: string): void;
  /** Everything kept, by sandbox: what a state file holds. */
  dump(): SandboxDump;
  /** Takes back what `dump` gave, in place of everything kept now. */
  load(dump: SandboxDump): void;
  /** The bytes every sandbox together costs now, the most it may, and how many keys have one. */
  usage(): { bytes: number; maxBytes: number; keys: number };
}

export function createMockState(options: MockStateOptions = {}): MockState {
  const sandboxes = createSandboxes(options);
  const changed = () => options.onChange?.();

  function answer({ method, path, apiKey, body }: MockCall): MockAnswer {
    const route = matchRoute(method, path);
    if (!route) return routeNotFound(method.toUpperCase(), path);
    if (!apiKey) return unauthorized();
    const { clientId = "", productRequestId = "" } = route.params;
    const store = sandboxes.read(apiKey);
    switch (route.operationId) {
      case "createIndividualClient": {
        const own = sandboxes.write(apiKey);
        if ("status" in own) return own;
        const created = createIndividualClient(own, body);
        if (created.status !== 201) sandboxes.release(apiKey);
        return created;
      }
      case "getIndividualClient":
        return getIndividualClient(store, clientId);
      case "updateIndividualClient":
        return updateIndividualClient(store, clientId, body);
      case "listClientProducts":
        return listClientProducts(store, clientId);
      case "requestProductEnablement":
        return requestProductEnablement(store, clientId, body);
      case "completeProductDocumentation":
        return completeProductDocumentation(store, clientId, productRequestId, body);
      case "submitProductEnablementRequest":
        return submitProductEnablementRequest(store, clientId, productRequestId);
    }
  }

  return {
    handle(call) {
      const result = answer(call);
      if (call.method.toUpperCase() !== "GET" && result.status < 300) changed();
      return result;
    },
    reset(apiKey) {
      sandboxes.reset(apiKey);
      changed();
    },
    dump: () => sandboxes.dump(),
    load: (dump) => sandboxes.load(dump),
    usage: () => ({ bytes: sandboxes.budget.used, maxBytes: sandboxes.budget.max, keys: sandboxes.size }),
  };
}
