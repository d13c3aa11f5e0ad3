/**
 * The stateful mock's memory: clients and enablement requests, how each is answered, and the
 * review that ends `in_kyc`. The review is decided lazily, when a request is next read: it
 * holds no timer, so nothing keeps a process alive.
 */
import { stamp } from "./ids.js";
import { REJECTION, rejectedByReview } from "./requirements.js";
import type { IndividualClient, ProductEnablementRequest, StoredClient, StoredRequest } from "./types.js";

/** How long the review of a submitted request takes by default, in milliseconds. */
export const DEFAULT_REVIEW_MS = 3000;

export interface StoreOptions {
  /** How long an `in_kyc` request stays in review before it is `enabled` or `rejected`. */
  reviewMs?: number;
  /** The clock, in milliseconds. @default Date.now */
  now?: () => number;
}

export type Store = ReturnType<typeof createStore>;

export function createStore(options: StoreOptions = {}) {
  const clients = new Map<string, StoredClient>();
  const requests = new Map<string, StoredRequest>();
  const reviewMs = options.reviewMs ?? DEFAULT_REVIEW_MS;
  const now = options.now ?? Date.now;
  let sequence = 0;

  /** Ends the review of the client's requests whose time has come. */
  function review(client: StoredClient): void {
    const at = now();
    for (const request of requests.values()) {
      if (request.clientId !== client.id || request.status !== "in_kyc") continue;
      const decidedAt = (request.submittedAt ?? at) + reviewMs;
      if (at < decidedAt) continue;
      request.updatedAt = decidedAt;
      if (rejectedByReview(client.input)) {
        request.status = "rejected";
        request.rejection = { ...REJECTION };
        if (client.status === "pending") client.status = "rejected";
      } else {
        request.status = "enabled";
        client.status = "active";
      }
      client.updatedAt = Math.max(client.updatedAt, decidedAt);
    }
  }

  return {
    now,
    nextSequence: () => ++sequence,
    clients,
    requests,

    /** The client with this id, its reviews brought up to date; undefined when unknown. */
    client(id: string): StoredClient | undefined {
      const client = clients.get(id);
      if (client) review(client);
      return client;
    },

    /** The client's requests, newest first. */
    requestsOf(clientId: string): StoredRequest[] {
      return [...requests.values()]
        .filter((request) => request.clientId === clientId)
        .sort((a, b) => b.sequence - a.sequence);
    },

    reset(): void {
      clients.clear();
      requests.clear();
      sequence = 0;
    },
  };
}

/** A client as the API answers it. */
export function clientView(client: StoredClient): IndividualClient {
  return {
    id: client.id,
    type: "individual",
    status: client.status,
    ...structuredClone(client.input),
    created_at: stamp(client.createdAt),
    updated_at: stamp(client.updatedAt),
  };
}

/** An enablement request as the API answers it, with what it still misses. */
export function requestView(request: StoredRequest): ProductEnablementRequest {
  const pending = request.status === "pending_documentation";
  return {
    id: request.id,
    client_id: request.clientId,
    product: request.product,
    status: request.status,
    missing_requirements: {
      documents: pending ? structuredClone(request.documents.filter((doc) => !request.accepted.has(doc.id))) : [],
      data: pending ? structuredClone(request.data) : [],
    },
    ...(request.rejection
      ? { rejection_code: request.rejection.code, rejection_description: request.rejection.description }
      : {}),
    created_at: stamp(request.createdAt),
    updated_at: stamp(request.updatedAt),
  };
}
