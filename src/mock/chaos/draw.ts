/**
 * Seeded faults for the mock server and the MSW handlers alike: which fault (if any) a call
 * gets, and how long it waits first. No Node built-ins; the adapters (http.ts,
 * msw.ts) carry the faults out.
 *
 * A call's draw is a hash of the profile (its seed included), the call's API key, method,
 * operation and body bytes, and n: how many earlier calls with that same key, method, operation
 * and body this process (or these handlers) answered since it started or since that key's
 * reset. The path's ids are left out, so that the ids the stateful mode makes up do not change
 * the draws. The same calls therefore meet the same faults, in any order, except calls that are
 * the same operation with the same body and key (two reads of different clients at once, say),
 * which may trade their draws when they race.
 */

import { mulberry32 } from "../random.js";
import { matchRoute } from "../routes.js";
import { type ChaosFault, type ChaosProfile, FAULTS, parseChaos } from "./profile.js";

export type { ChaosFault, ChaosOptions, ChaosProfile } from "./profile.js";
export { chaosProfileOf, describeChaos, parseChaos } from "./profile.js";

/** What happens to one call. */
export interface ChaosDraw {
  /** The fault, if the call gets one. */
  fault: ChaosFault | undefined;
  /** How long the call waits before anything else, in milliseconds. */
  latencyMs: number;
  profile: ChaosProfile;
}

export interface ChaosCall {
  method: string;
  /** The path, without query and without the mocked host's base path. */
  path: string;
  apiKey: string | null | undefined;
  body: Uint8Array;
  /** The `Prefer` header: `chaos="…"` in it replaces the server's profile for this call. */
  prefer: string | null | undefined;
}

/** How many counters are kept before the oldest are forgotten. */
const MAX_COUNTERS = 100_000;

/** FNV-1a over bytes, continuing from `hash`. */
function fnv(bytes: Uint8Array, hash = 0x811c9dc5): number {
  let h = hash;
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ (bytes[i] as number), 0x01000193) >>> 0;
  return h;
}

const encoder = new TextEncoder();
const fnvText = (text: string, hash?: number) => fnv(encoder.encode(text), hash);

/** A small seeded generator. */
const generator = mulberry32;

/** The profile a call's `Prefer` header asks for: undefined when it names none, null for `chaos=off`. */
export function preferredChaos(prefer: string | null | undefined): ChaosProfile | null | undefined {
  if (!prefer) return undefined;
  const found = /(?:^|[,;\s])chaos\s*=\s*(?:"([^"]*)"|([^,\s]+))/i.exec(prefer);
  if (!found) return undefined;
  return parseChaos(found[1] ?? found[2] ?? "") ?? null;
}

/** The text of a profile that cannot be read, as the caller's 400 says it. */
export class ChaosPreferError extends Error {}

export interface Chaos {
  /**
   * What happens to a call: undefined when no profile applies to it (no server profile and no
   * `Prefer: chaos`, `chaos=off`, a path that is no operation, or one under `/__mock/`).
   * Throws a ChaosPreferError when the call's `Prefer: chaos` cannot be read.
   */
  draw(call: ChaosCall): ChaosDraw | undefined;
  /** Whether a profile may apply to a call with this `Prefer` header (the server's, or its own). */
  mayApply(prefer: string | null | undefined): boolean;
  /** Starts the counts again, for one API key or for all. */
  reset(apiKey?: string | null): void;
}

export function createChaos(server: ChaosProfile | undefined): Chaos {
  /** Per API key hash: calls counted by their hash. */
  const counters = new Map<number, Map<string, number>>();
  let size = 0;

  function count(keyHash: number, callKey: string): number {
    const byCall = counters.get(keyHash) ?? new Map<string, number>();
    counters.set(keyHash, byCall);
    const n = byCall.get(callKey) ?? 0;
    if (n === 0) size++;
    byCall.set(callKey, n + 1);
    // Bounded: past the limit the oldest key's counts go first.
    while (size > MAX_COUNTERS) {
      const [oldestKey, oldest] = counters.entries().next().value as [number, Map<string, number>];
      const first = oldest.keys().next().value as string;
      oldest.delete(first);
      size--;
      if (oldest.size === 0) counters.delete(oldestKey);
    }
    return n;
  }

  return {
    mayApply: (prefer) => server !== undefined || /chaos\s*=/i.test(prefer ?? ""),
    draw(call) {
      if (call.path.startsWith("/__mock/")) return undefined;
      const route = matchRoute(call.method, call.path);
      if (!route) return undefined;
      let asked: ChaosProfile | null | undefined;
      try {
        asked = preferredChaos(call.prefer);
      } catch (error) {
        throw new ChaosPreferError(`Prefer: ${(error as Error).message}`);
      }
      const profile = asked === undefined ? server : (asked ?? undefined);
      if (!profile) return undefined;
      const keyHash = fnvText(call.apiKey ?? "");
      const bodyHash = fnv(call.body);
      const profileText = JSON.stringify(profile);
      const callText = `${profileText}\n${call.method.toUpperCase()} ${route.operationId}\n${bodyHash}:${call.body.length}`;
      const hash = fnvText(callText, keyHash);
      // A second hash, from another start, keeps two different calls from sharing a count.
      const check = fnvText(callText, keyHash ^ 0x5bd1e995);
      const n = count(keyHash, `${hash}:${check}`);
      const random = generator(Math.imul(hash ^ n, 0x9e3779b1) ^ profile.seed);
      const roll = random();
      const [min, max] = profile.latencyMs;
      const latencyMs = min + Math.floor(random() * (max - min + 1));
      let fault: ChaosFault | undefined;
      let edge = 0;
      for (const candidate of FAULTS) {
        edge += profile.rates[candidate];
        if (roll < edge) {
          fault = candidate;
          break;
        }
      }
      return { fault, latencyMs, profile };
    },
    reset(apiKey) {
      if (apiKey === undefined) {
        counters.clear();
        size = 0;
        return;
      }
      const keyHash = fnvText(apiKey ?? "");
      size -= counters.get(keyHash)?.size ?? 0;
      counters.delete(keyHash);
    },
  };
}

/** The answer of a fault that has one (429 and the 500s), with `x-mock-chaos` naming the fault. */
export function faultAnswer(draw: ChaosDraw): { status: number; body: unknown; headers: Record<string, string> } {
  const fault = draw.fault as ChaosFault;
  if (fault === "429") {
    const seconds = draw.profile.retryAfterSeconds;
    return {
      status: 429,
      body: { error_code: "TOO_MANY_REQUESTS", message: `Rate limit exceeded. Retry after ${seconds} seconds` },
      headers: { "retry-after": String(seconds), "x-mock-chaos": fault },
    };
  }
  return {
    status: 500,
    body: { code: "INTERNAL_SERVER_ERROR", message: "An unexpected error occurred" },
    headers: { "x-mock-chaos": fault },
  };
}

/** The answer to a call whose `Prefer: chaos` cannot be read. */
export const chaosPreferRefusal = (error: ChaosPreferError) => ({
  status: 400,
  body: { code: "BAD_REQUEST", message: error.message },
});

/** The `Prefer` header without its `chaos` preference: undefined when nothing else is left. */
export function withoutChaos(prefer: string | readonly string[] | null | undefined): string | undefined {
  const rest = [prefer ?? ""]
    .flat()
    .join(", ")
    .replace(/(?:^|,)\s*chaos\s*=\s*(?:"[^"]*"|[^,]*)/gi, "")
    .replace(/^\s*,\s*/, "")
    .trim();
  return rest === "" ? undefined : rest;
}
