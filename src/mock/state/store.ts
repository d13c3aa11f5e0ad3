/**
 * One API key's sandbox in the stateful mock: its clients and enablement requests, indexed by
 * email and by client, and the review that ends `in_kyc`. The review's outcome is decided at
 * submission and takes effect lazily, when a request is next read: it holds no timer, so nothing
 * keeps a process alive (review.ts). The sandbox is bounded: past its limits (clients, requests, bytes) it
 * forgets its own oldest clients with their requests; a call that would take the sandboxes
 * together past their shared byte budget is refused instead, so no key forgets another's data.
 * At most MAX_REQUESTS_PER_CLIENT requests per client: a new one makes it forget the client's
 * oldest rejected request.
 */
import { mockFull, sandboxFull } from "./answers.js";
import {
  CLIENT_BYTES,
  DEFAULT_LIMITS,
  limitsOf,
  MAX_REQUESTS_PER_CLIENT,
  REQUEST_BYTES,
  type SandboxLimits,
  utf8Bytes,
} from "./limits.js";
import { review, reviewMsOf } from "./review.js";
import type { IndividualClientInput, MockAnswer, StoredClient, StoredRequest } from "./types.js";

export { MAX_REQUESTS_PER_CLIENT } from "./limits.js";
export { DEFAULT_REVIEW_MS, reviewMsOf } from "./review.js";
export { clientView, requestView } from "./views.js";

/** How many clients one API key keeps by default; past it, the key's oldest is forgotten. */
export const MAX_CLIENTS = DEFAULT_LIMITS.clientsPerKey;

/** The bytes every sandbox together keeps, shared by the sandboxes of one mock. */
export interface Budget {
  used: number;
  readonly max: number;
}

export interface StoreOptions {
  /** How long an `in_kyc` request stays in review before it is `enabled` or `rejected`. */
  reviewMs?: number;
  /** How many clients to keep: past it, the oldest is forgotten with its requests. @default 10000 */
  maxClients?: number;
  /** The limits of each sandbox and of all of them; `maxClients` wins over `limits.clientsPerKey`. */
  limits?: SandboxLimits;
  /** The clock, in milliseconds. @default Date.now */
  now?: () => number;
}

/** The key of an email in the index: two emails that differ only in case or spaces are one. */
const emailKey = (email: string) => email.trim().toLowerCase();

/** What a client's data costs in the byte budget. */
export const clientBytes = (input: IndividualClientInput) => CLIENT_BYTES + utf8Bytes(JSON.stringify(input));

export type Store = ReturnType<typeof createStore>;

/** A sandbox; `budget` is shared with the other sandboxes of the mock (its own one by default). */
export function createStore(options: StoreOptions = {}, budget?: Budget) {
  const clients = new Map<string, StoredClient>();
  const requests = new Map<string, StoredRequest>();
  /** Client id by email key. */
  const emails = new Map<string, string>();
  /** Each client's requests, oldest first. */
  const requestsByClient = new Map<string, StoredRequest[]>();
  const reviewMs = reviewMsOf(options.reviewMs);
  const limits = limitsOf(options.limits);
  if (options.maxClients !== undefined) {
    if (!Number.isSafeInteger(options.maxClients) || options.maxClients < 1) {
      throw new TypeError(`maxClients must be a whole number, at least 1, got ${options.maxClients}`);
    }
    limits.clientsPerKey = options.maxClients;
  }
  const shared = budget ?? { used: 0, max: limits.totalBytes };
  const now = options.now ?? Date.now;
  let sequence = 0;
  let bytes = 0;

  const charge = (amount: number) => {
    bytes += amount;
    shared.used += amount;
  };

  /** Forgets a client, its email and its requests, and frees what they cost. */
  function forget(clientId: string): void {
    const client = clients.get(clientId);
    if (!client) return;
    if (emails.get(emailKey(client.input.email)) === clientId) emails.delete(emailKey(client.input.email));
    const list = requestsByClient.get(clientId) ?? [];
    for (const request of list) requests.delete(request.id);
    charge(-clientBytes(client.input) - list.length * REQUEST_BYTES);
    requestsByClient.delete(clientId);
    clients.delete(clientId);
  }

  /**
   * Makes room for `more` in the sandbox, forgetting its oldest clients (never `keep`) while it
   * is past its limits; or the refusal, with nothing forgotten, when that is not enough or when
   * the sandboxes together would go past their budget.
   */
  function room(more: { clients?: number; requests?: number; bytes: number }, keep?: string): MockAnswer | undefined {
    const over = (freed: { clients: number; requests: number; bytes: number }) =>
      clients.size + (more.clients ?? 0) - freed.clients > limits.clientsPerKey
        ? `its limit of ${limits.clientsPerKey} clients`
        : requests.size + (more.requests ?? 0) - freed.requests > limits.requestsPerKey
          ? `its limit of ${limits.requestsPerKey} requests`
          : bytes + more.bytes - freed.bytes > limits.bytesPerKey
            ? `its limit of ${limits.bytesPerKey} bytes`
            : undefined;
    const freed = { clients: 0, requests: 0, bytes: 0 };
    const doomed: string[] = [];
    let limit = over(freed);
    if (limit !== undefined) {
      for (const client of clients.values()) {
        if (client.id === keep) continue;
        const count = requestsByClient.get(client.id)?.length ?? 0;
        doomed.push(client.id);
        freed.clients++;
        freed.requests += count;
        freed.bytes += clientBytes(client.input) + count * REQUEST_BYTES;
        limit = over(freed);
        if (limit === undefined) break;
      }
      if (limit !== undefined) return sandboxFull(limit);
    }
    if (more.bytes > 0 && shared.used - freed.bytes + more.bytes > shared.max) return mockFull(shared.max);
    for (const id of doomed) forget(id);
    return undefined;
  }

  return {
    now,
    nextSequence: () => ++sequence,
    /** Every client by id, oldest first: read by id only. */
    clients: clients as ReadonlyMap<string, StoredClient>,
    /** Every request by id: read by id only. */
    requests: requests as ReadonlyMap<string, StoredRequest>,
    /** What the sandbox costs in the byte budget. */
    get bytes() {
      return bytes;
    },

    /** The client with this id, its reviews brought up to date; undefined when unknown. */
    client(id: string): StoredClient | undefined {
      const client = clients.get(id);
      if (client) review(client, requestsByClient.get(id) ?? [], reviewMs, now());
      return client;
    },

    /** The id of the client with this email (in any case), if any. */
    emailOwner: (email: string): string | undefined => emails.get(emailKey(email)),

    /** Keeps a new client, making room first; or the refusal when there is none. */
    addClient(client: StoredClient): MockAnswer | undefined {
      const cost = clientBytes(client.input);
      const refused = room({ clients: 1, bytes: cost });
      if (refused) return refused;
      clients.set(client.id, client);
      emails.set(emailKey(client.input.email), client.id);
      charge(cost);
      return undefined;
    },

    /** Replaces a client's data, and its email in the index; or the refusal when it does not fit. */
    replaceInput(client: StoredClient, input: IndividualClientInput): MockAnswer | undefined {
      const delta = clientBytes(input) - clientBytes(client.input);
      const refused = room({ bytes: delta }, client.id);
      if (refused) return refused;
      if (emails.get(emailKey(client.input.email)) === client.id) emails.delete(emailKey(client.input.email));
      client.input = input;
      emails.set(emailKey(input.email), client.id);
      charge(delta);
      return undefined;
    },

    /**
     * Keeps a new request, past the client's limit forgetting its oldest rejected request; or
     * the refusal when there is no room.
     */
    addRequest(request: StoredRequest): MockAnswer | undefined {
      const list = requestsByClient.get(request.clientId) ?? [];
      const oldest =
        list.length >= MAX_REQUESTS_PER_CLIENT ? list.findIndex((candidate) => candidate.status === "rejected") : -1;
      if (oldest < 0) {
        const refused = room({ requests: 1, bytes: REQUEST_BYTES }, request.clientId);
        if (refused) return refused;
        charge(REQUEST_BYTES);
      } else {
        requests.delete((list.splice(oldest, 1)[0] as StoredRequest).id);
      }
      list.push(request);
      requestsByClient.set(request.clientId, list);
      requests.set(request.id, request);
      return undefined;
    },

    /** The client's request with this id, if any. */
    request(clientId: string, requestId: string): StoredRequest | undefined {
      const request = requests.get(requestId);
      return request?.clientId === clientId ? request : undefined;
    },

    /** The client's requests, newest first. */
    requestsOf: (clientId: string): StoredRequest[] => [...(requestsByClient.get(clientId) ?? [])].reverse(),

    /** Forgets everything the sandbox keeps, and frees what it cost. */
    reset(): void {
      charge(-bytes);
      clients.clear();
      requests.clear();
      emails.clear();
      requestsByClient.clear();
      sequence = 0;
    },

    /** The sandbox's clients, oldest first, each with its requests, oldest first: to save it. */
    dump(): { client: StoredClient; requests: StoredRequest[] }[] {
      return [...clients.values()].map((client) => ({ client, requests: requestsByClient.get(client.id) ?? [] }));
    },

    /** Takes back what `dump` gave, as it was, counting what it costs. */
    load(entries: readonly { client: StoredClient; requests: StoredRequest[] }[]): void {
      for (const { client, requests: list } of entries) {
        clients.set(client.id, client);
        emails.set(emailKey(client.input.email), client.id);
        requestsByClient.set(client.id, [...list]);
        for (const request of list) {
          requests.set(request.id, request);
          sequence = Math.max(sequence, request.sequence);
        }
        charge(clientBytes(client.input) + list.length * REQUEST_BYTES);
      }
    },
  };
}
