/**
 * The review that ends `in_kyc`: its outcome is decided at submission and takes effect lazily,
 * when a request is next read, `reviewMs` after submission. No timer: nothing keeps a process alive.
 */
import { REJECTION } from "./requirements.js";
import type { StoredClient, StoredRequest } from "./types.js";

/** How long the review of a submitted request takes by default, in milliseconds. */
export const DEFAULT_REVIEW_MS = 3000;

/** The review's duration, checked: the same check for the mock server and the MSW handlers. */
export function reviewMsOf(value: number | undefined): number {
  const reviewMs = value ?? DEFAULT_REVIEW_MS;
  if (!Number.isSafeInteger(reviewMs) || reviewMs < 0) {
    throw new TypeError(`reviewMs must be a whole number of milliseconds, at least 0, got ${reviewMs}`);
  }
  return reviewMs;
}

/** Ends the review of the client's requests whose time has come, with the outcome decided at submission. */
export function review(client: StoredClient, requests: readonly StoredRequest[], reviewMs: number, at: number): void {
  for (const request of requests) {
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
