/**
 * The stateful mock's memory: clients and enablement requests, indexed by email and by client,
 * how each is answered, and the review that ends `in_kyc`. The review's outcome is decided at
 * submission and takes effect lazily, when a request is next read: it holds no timer, so
 * nothing keeps a process alive. The memory is bounded: at most `maxClients` clients (a new
 * one makes the store forget the oldest, with its requests) and MAX_REQUESTS_PER_CLIENT
 * requests per client (a new one makes it forget the client's oldest rejected request).
 */
import { stamp } from "./ids.js";
import { REJECTION } from "./requirements.js";
import type {
  IndividualClient,
  IndividualClientInput,
  ProductEnablementRequest,
  StoredClient,
  StoredRequest,
} from "./types.js";

/** How long the review of a submitted request takes by default, in milliseconds. */
export const DEFAULT_REVIEW_MS = 3000;

/** How many clients the stateful mock keeps by default; past it, it forgets the oldest. */
export const MAX_CLIENTS = 10_000;

/** How many requests it keeps per client; past it, it forgets the client's oldest rejected one. */
export const MAX_REQUESTS_PER_CLIENT = 100;

export interface StoreOptions {
  /** How long an `in_kyc` request stays in review before it is `enabled` or `rejected`. */
  reviewMs?: number;
  /** How many clients to keep: past it, the oldest is forgotten with its requests. @default 10000 */
  maxClients?: number;
  /** The clock, in milliseconds. @default Date.now */
  now?: () => number;
}

/** The review's duration, checked: the same check for the mock server and the MSW handlers. */
export function reviewMsOf(value: number | undefined): number {
  const reviewMs = value ?? DEFAULT_REVIEW_MS;
  if (!Number.isSafeInteger(reviewMs) || reviewMs < 0) {
    throw new TypeError(`reviewMs must be a whole number of milliseconds, at least 0, got ${reviewMs}`);
  }
  return reviewMs;
}

/** The key of an email in the index: two emails that differ only in case or spaces are one. */
const emailKey = (email: string) => email.trim().toLowerCase();

export type Store = ReturnType<typeof createStore>;

export function createStore(options: StoreOptions = {}) {
  const clients = new Map<string, StoredClient>();
  const requests = new Map<string, StoredRequest>();
  /** Client id by email key. */
  const emails = new Map<string, string>();
  /** Each client's requests, oldest first. */
  const requestsByClient = new Map<string, StoredRequest[]>();
  const reviewMs = reviewMsOf(options.reviewMs);
  const maxClients = options.maxClients ?? MAX_CLIENTS;
  if (!Number.isSafeInteger(maxClients) || maxClients < 1) {
    throw new TypeError(`maxClients must be a whole number, at least 1, got ${maxClients}`);
  }
  const now = options.now ?? Date.now;
  let sequence = 0;

  /** Ends the review of the client's requests whose time has come, with the outcome decided at submission. */
  function review(client: StoredClient): void {
    const at = now();
    for (const request of requestsByClient.get(client.id) ?? []) {
      if (request.status !== "in_kyc") continue;
      const decidedAt = (request.submittedAt ?? at) + reviewMs;
      if (at < decidedAt) continue;
      request.updatedAt = decidedAt;
      if (request.outcome === "rejected") {
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

  /** Forgets a client, its email and its requests. */
  function forget(clientId: string): void {
    const client = clients.get(clientId);
    if (!client) return;
    if (emails.get(emailKey(client.input.email)) === clientId) emails.delete(emailKey(client.input.email));
    for (const request of requestsByClient.get(clientId) ?? []) requests.delete(request.id);
    requestsByClient.delete(clientId);
    clients.delete(clientId);
  }

  return {
    now,
    nextSequence: () => ++sequence,
    /** Every client by id, oldest first: read by id only. */
    clients: clients as ReadonlyMap<string, StoredClient>,
    /** Every request by id: read by id only. */
    requests: requests as ReadonlyMap<string, StoredRequest>,

    /** The client with this id, its reviews brought up to date; undefined when unknown. */
    client(id: string): StoredClient | undefined {
      const client = clients.get(id);
      if (client) review(client);
      return client;
    },

    /** The id of the client with this email (in any case), if any. */
    emailOwner: (email: string): string | undefined => emails.get(emailKey(email)),

    /** Keeps a new client; when the store is full, forgets the oldest first. */
    addClient(client: StoredClient): void {
      while (clients.size >= maxClients) forget(clients.keys().next().value as string);
      clients.set(client.id, client);
      emails.set(emailKey(client.input.email), client.id);
    },

    /** Replaces a client's data, and its email in the index. */
    replaceInput(client: StoredClient, input: IndividualClientInput): void {
      if (emails.get(emailKey(client.input.email)) === client.id) emails.delete(emailKey(client.input.email));
      client.input = input;
      emails.set(emailKey(input.email), client.id);
    },

    /** Keeps a new request; past the limit, forgets the client's oldest rejected request. */
    addRequest(request: StoredRequest): void {
      const list = requestsByClient.get(request.clientId) ?? [];
      if (list.length >= MAX_REQUESTS_PER_CLIENT) {
        const oldest = list.findIndex((candidate) => candidate.status === "rejected");
        if (oldest >= 0) requests.delete((list.splice(oldest, 1)[0] as StoredRequest).id);
      }
      list.push(request);
      requestsByClient.set(request.clientId, list);
      requests.set(request.id, request);
    },

    /** The client's request with this id, if any. */
    request(clientId: string, requestId: string): StoredRequest | undefined {
      const request = requests.get(requestId);
      return request?.clientId === clientId ? request : undefined;
    },

    /** The client's requests, newest first. */
    requestsOf: (clientId: string): StoredRequest[] => [...(requestsByClient.get(clientId) ?? [])].reverse(),

    reset(): void {
      clients.clear();
      requests.clear();
      emails.clear();
      requestsByClient.clear();
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
