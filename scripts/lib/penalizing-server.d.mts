import type { ProductEnablementRequest } from "../../src/client/types.js";

export interface PenalizingServerOptions {
  limit?: number;
  windowMs?: number;
  firstBlockMs?: number;
  maxBlockMs?: number;
  latencyMs?: number;
  answer?: (clientId: string) => { status: number; body: unknown; headers?: Record<string, string> } | undefined;
}

export interface PenalizingServerStats {
  received: number;
  accepted: number;
  rejected: number;
  violations: number;
  /** Every request received, by client id, 429s included. */
  byClient: Map<string, number>;
  /** Requests let through (processed), by client id. */
  acceptedByClient: Map<string, number>;
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
