/**
 * The stateful mock's memory stays bounded on a server that runs for weeks: at most `maxClients`
 * clients (the oldest forgotten with its requests), at most MAX_REQUESTS_PER_CLIENT requests per
 * client (the oldest rejected ones forgotten), and no call walks every client or request.
 */
import { describe, expect, it } from "vitest";
import { createIndividualClient, getIndividualClient, updateIndividualClient } from "../src/mock/state/clients.js";
import {
  completeProductDocumentation,
  listClientProducts,
  requestProductEnablement,
  submitProductEnablementRequest,
} from "../src/mock/state/products.js";
import { createStore, MAX_CLIENTS, MAX_REQUESTS_PER_CLIENT, type Store } from "../src/mock/state/store.js";
import { PERSON } from "./helpers/flow.js";
import { PHONE, passport } from "./helpers/mock-state.js";

const person = (n: number, extra: Record<string, unknown> = {}) => ({
  ...PERSON,
  ...PHONE,
  email: `p${n}@x.test`,
  ...extra,
});
const idOf = (answer: { body: unknown }) => (answer.body as { id: string }).id;

/** A client with a pending request; returns both ids. */
function pending(store: Store, n: number, extra: Record<string, unknown> = {}) {
  const clientId = idOf(createIndividualClient(store, person(n, extra)));
  const requestId = idOf(requestProductEnablement(store, clientId, { subproduct: "cards_individuals" }));
  return { clientId, requestId };
}

/** Makes every whole-collection walk of `map` throw. */
function forbidScans(map: ReadonlyMap<string, unknown>, name: string) {
  for (const method of ["values", "entries", "keys", "forEach", Symbol.iterator] as const) {
    Object.defineProperty(map, method, {
      value: () => {
        throw new Error(`${name} was scanned`);
      },
    });
  }
}

describe("the stateful mock's memory", () => {
  it("keeps at most maxClients clients: the oldest is forgotten with its requests, and its email is free", () => {
    expect(MAX_CLIENTS).toBe(10_000);
    const store = createStore({ maxClients: 3, reviewMs: 0 });
    const first = pending(store, 1);
    const others = [2, 3, 4].map((n) => pending(store, n));
    expect(store.clients.size).toBe(3);
    expect(store.requests.size).toBe(3);
    expect(getIndividualClient(store, first.clientId).status).toBe(404);
    expect(store.requests.has(first.requestId)).toBe(false);
    for (const { clientId } of others) expect(getIndividualClient(store, clientId).status).toBe(200);
    expect(createIndividualClient(store, person(1)).status).toBe(201);
    expect(getIndividualClient(store, others[0]?.clientId as string).status).toBe(404);
  });

  it("keeps at most MAX_REQUESTS_PER_CLIENT requests per client, forgetting the oldest rejected ones", () => {
    const store = createStore({ reviewMs: 0 });
    const clientId = idOf(createIndividualClient(store, person(1, { last_name: "Rejected" })));
    const ids: string[] = [];
    for (let round = 0; round < MAX_REQUESTS_PER_CLIENT + 5; round++) {
      const requested = requestProductEnablement(store, clientId, { subproduct: "cards_individuals" });
      expect(requested.status).toBe(201);
      ids.push(idOf(requested));
      completeProductDocumentation(store, clientId, idOf(requested), passport());
      submitProductEnablementRequest(store, clientId, idOf(requested));
    }
    const listed = listClientProducts(store, clientId).body as { id: string; status: string }[];
    expect(listed.map((request) => request.id)).toEqual(ids.slice(-MAX_REQUESTS_PER_CLIENT).reverse());
    expect(new Set(listed.map((request) => request.status))).toEqual(new Set(["rejected"]));
    expect(store.requests.size).toBe(MAX_REQUESTS_PER_CLIENT);
  });

  it("finds a client's email and requests without walking every client or request", () => {
    const store = createStore({ reviewMs: 0 });
    const [first, second] = [1, 2].map((n) => pending(store, n));
    forbidScans(store.clients, "clients");
    forbidScans(store.requests, "requests");
    const { clientId, requestId } = first as { clientId: string; requestId: string };
    expect(createIndividualClient(store, person(1)).status).toBe(400);
    expect(createIndividualClient(store, person(3)).status).toBe(201);
    expect(updateIndividualClient(store, clientId, person(2)).status).toBe(400);
    expect(updateIndividualClient(store, clientId, person(5)).status).toBe(200);
    // The old email is free once the client has another.
    expect(createIndividualClient(store, person(1)).status).toBe(201);
    expect(requestProductEnablement(store, clientId, { subproduct: "cards_individuals" }).status).toBe(409);
    expect(completeProductDocumentation(store, clientId, requestId, passport()).status).toBe(200);
    expect(submitProductEnablementRequest(store, clientId, requestId).status).toBe(200);
    expect(listClientProducts(store, clientId).body).toEqual([expect.objectContaining({ status: "enabled" })]);
    expect(listClientProducts(store, second?.clientId as string).body).toHaveLength(1);
  });
});
