import type { ProductEnablementRequest } from "../../src/client/types.js";

export interface PenalizingServerOptions {
  limit?: number;
  windowMs?: number;
  firstBlockMs?: number;
  maxBlockMs?: number;
  latencyMs?: number;
  /** Refuse a second request for a client with 409, as the API does (default true). */
  oneActive?: boolean;
  /** The answer to a POST; `created`: the request was made all the same. */
  answer?: (
    clientId: string,
  ) => { status: number; body: unknown; headers?: Record<string, string>; created?: boolean } | undefined;
  /** The answer to a GET of the client's products; undefined lists its active request. */
  read?: (clientId: string) => { status: number; body: unknown; headers?: Record<string, string> } | undefined;
}

export interface PenalizingServerStats {
  received: number;
  accepted: number;
  rejected: number;
  violations: number;
  /** Every POST received, by client id, 429s included. */
  byClient: Map<string, number>;
  /** POSTs let through by the rate limit, by client id. */
  acceptedByClient: Map<string, number>;
  /** Enablement requests created, by client id (at most one active each). */
  createdByClient: Map<string, number>;
  /** Product lists read (GET), by client id. */
  readsByClient: Map<string, number>;
  /** POSTs refused with 409 because the client had an active request. */
  conflicts: number;
  arrivals: number[];
}

export interface PenalizingServer {
  url: string;
  stats: PenalizingServerStats;
  maxInWindow(): number;
  close(): Promise<void>;
}

/** The documented answer of the endpoint. */
export const seedResponse: ProductEnablementRequest;
export function enablementFor(clientId: string): ProductEnablementRequest;
export function startPenalizingServer(options?: PenalizingServerOptions): Promise<PenalizingServer>;
