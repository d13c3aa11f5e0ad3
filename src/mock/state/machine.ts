/**
 * The stateful mock: one in-memory state machine that plays the documented enablement flow,
 * shared by the mock server (`--stateful`) and the MSW handlers (`{ stateful: true }`). It takes
 * a call (method, path, API key, parsed body) and gives the answer; the adapters add trace ids.
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
import { createStore, type StoreOptions } from "./store.js";
import type { MockAnswer } from "./types.js";

export { DEFAULT_REVIEW_MS, MAX_CLIENTS, reviewMsOf } from "./store.js";
export type { MockAnswer } from "./types.js";

/** The path that clears the state, on the mock server and in the MSW handlers. */
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

export type MockStateOptions = StoreOptions;

export interface MockState {
  /** Answers a call of the spec's operations (or 404 for a path that is none). */
  handle(call: MockCall): MockAnswer;
  /** Forgets every client and request. */
  reset(): void;
}

export function createMockState(options: MockStateOptions = {}): MockState {
  const store = createStore(options);
  return {
    reset: () => store.reset(),
    handle({ method, path, apiKey, body }) {
      const route = matchRoute(method, path);
      if (!route) return routeNotFound(method.toUpperCase(), path);
      if (!apiKey) return unauthorized();
      const { clientId = "", productRequestId = "" } = route.params;
      switch (route.operationId) {
        case "createIndividualClient":
          return createIndividualClient(store, body);
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
    },
  };
}
