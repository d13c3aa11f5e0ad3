/**
 * Answers for `--dynamic`: plausible enablement requests made from a seed, so that a run can be
 * repeated. The same seed and client id always give the same answer; timestamps are real ones
 * in the API's zone-less format, ids are shaped like CryptoMate's, and `rejection_description`
 * appears only on a rejected request.
 */
import scenarios from "../../generated/scenarios.json" with { type: "json" };
import type { ProductEnablementRequest } from "../client/types.js";
import { mulberry32 } from "./random.js";

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const STATUSES = ["pending_documentation", "pending_documentation", "in_kyc", "enabled", "rejected"] as const;
const REJECTIONS = [
  "The identity document could not be verified",
  "The client did not pass sanctions screening",
  "The proof of address is older than three months",
];

/** A small seeded generator over a string key. */
function generator(seed: number, key: string): () => number {
  let state = seed >>> 0;
  for (let i = 0; i < key.length; i++) state = Math.imul(state ^ key.charCodeAt(i), 2654435761) >>> 0;
  return mulberry32(state);
}

/** `2026-04-15T10:30:00`: the API's format, without a zone. */
const stamp = (ms: number) => new Date(ms).toISOString().slice(0, 19);

const example = (name: string) =>
  scenarios.find(
    (scenario) =>
      scenario.operationId === "requestProductEnablement" && scenario.status === 200 && scenario.example === name,
  )?.body as ProductEnablementRequest;

export function dynamicAnswer(seed: number, clientId: string, product: string): ProductEnablementRequest {
  const random = generator(seed, clientId);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)] as T;
  const id = Array.from({ length: 32 }, () => pick([...ALPHABET])).join("");
  const status = pick(STATUSES);
  // Somewhere in the year before 2026-11-01, and updated up to two weeks later.
  const created = Date.UTC(2025, 10, 1) + Math.floor(random() * 365 * 86_400_000);
  const updated = created + Math.floor(random() * 14 * 86_400_000);
  const missing =
    status === "pending_documentation"
      ? pick([example("pendingDocumentation"), example("missingData")]).missing_requirements
      : { documents: [], data: [] };
  return {
    id,
    client_id: clientId,
    product,
    status,
    missing_requirements: missing,
    ...(status === "rejected" ? { rejection_description: pick(REJECTIONS) } : {}),
    created_at: stamp(created),
    updated_at: stamp(updated),
  };
}
