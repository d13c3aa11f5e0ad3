/**
 * A fault profile (`--chaos`, `startMock({ chaos })`, `createMockHandlers({ chaos })`, or a
 * call's own `Prefer: chaos="…"`): what it is, how it is written, and how it is read. The text
 * form is a list of `name=value` items separated by commas or semicolons:
 *
 *     seed=7,latency=20-200,429=0.05,5xx-before=0.05,5xx-after=0.05,drop=0.02
 *
 * No Node built-ins: the MSW handlers read it too.
 */

/** What can happen to a call instead of (or after) its answer. */
export type ChaosFault = "429" | "5xx-before" | "5xx-after" | "drop-before" | "drop-after";

/** The faults in the order a call's draw is matched against their rates. */
export const FAULTS: readonly ChaosFault[] = ["drop-before", "429", "5xx-before", "5xx-after", "drop-after"];

/** A fault profile as an object: every field optional; rates are fractions of calls, 0 to 1. */
export interface ChaosOptions {
  /** The same seed gives the same faults. @default 0 */
  seed?: number;
  /** Added to every call, in milliseconds: a fixed delay, or `[min, max]` drawn per call. @default 0 */
  latencyMs?: number | readonly [number, number];
  /** Share of calls answered `429` with `Retry-After`, before they are processed. */
  tooManyRequests?: number;
  /** Share of calls answered `500` before they are processed: nothing changes. */
  serverErrorBefore?: number;
  /**
   * Share of calls answered `500` after they were processed: in the stateful mode the state
   * changed, and the answer that said so is lost.
   */
  serverErrorAfter?: number;
  /** Share of calls whose connection is dropped before they are processed. */
  dropBefore?: number;
  /** Share of calls whose connection is dropped after they were processed. */
  dropAfter?: number;
  /** The `Retry-After` of the 429s, in seconds. @default 1 */
  retryAfterSeconds?: number;
}

/** A profile read and checked. */
export interface ChaosProfile {
  seed: number;
  latencyMs: readonly [number, number];
  rates: Readonly<Record<ChaosFault, number>>;
  retryAfterSeconds: number;
}

const MAX_LATENCY_MS = 60_000;
const MAX_SEED = 2 ** 31 - 1;

/** The text names of the rates, and the fault each sets (`drop` is `drop-after`). */
const RATE_NAMES: Record<string, ChaosFault> = {
  "429": "429",
  "5xx-before": "5xx-before",
  "5xx-after": "5xx-after",
  "drop-before": "drop-before",
  "drop-after": "drop-after",
  drop: "drop-after",
};

/** Every item the text form knows. */
export const CHAOS_ITEMS: readonly string[] = ["seed", "latency", ...Object.keys(RATE_NAMES), "retry-after"];

function whole(name: string, value: unknown, max: number): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0 || value > max) {
    throw new TypeError(`chaos ${name} must be a whole number from 0 to ${max}, got ${String(value)}`);
  }
  return value;
}

function rate(name: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0 || value > 1) {
    throw new TypeError(`chaos ${name} must be a rate from 0 to 1, got ${String(value)}`);
  }
  return value;
}

/** Checks a profile given as an object; throws a TypeError naming the field at fault. */
export function chaosProfile(options: ChaosOptions): ChaosProfile {
  const latency = options.latencyMs ?? 0;
  const [min, max] = typeof latency === "number" ? [latency, latency] : latency;
  whole("latency", min, MAX_LATENCY_MS);
  whole("latency", max, MAX_LATENCY_MS);
  if (max < min) throw new TypeError(`chaos latency must go from the lower to the higher, got ${min}-${max}`);
  const rates: Record<ChaosFault, number> = {
    "429": rate("429", options.tooManyRequests ?? 0),
    "5xx-before": rate("5xx-before", options.serverErrorBefore ?? 0),
    "5xx-after": rate("5xx-after", options.serverErrorAfter ?? 0),
    "drop-before": rate("drop-before", options.dropBefore ?? 0),
    "drop-after": rate("drop-after", options.dropAfter ?? 0),
  };
  const total = FAULTS.reduce((sum, fault) => sum + rates[fault], 0);
  if (total > 1 + 1e-9) throw new TypeError(`chaos rates add up to ${total}, more than 1`);
  return {
    seed: whole("seed", options.seed ?? 0, MAX_SEED),
    latencyMs: [min, max],
    rates,
    retryAfterSeconds: whole("retry-after", options.retryAfterSeconds ?? 1, 3600),
  };
}

const OPTION_OF: Record<ChaosFault, keyof ChaosOptions> = {
  "429": "tooManyRequests",
  "5xx-before": "serverErrorBefore",
  "5xx-after": "serverErrorAfter",
  "drop-before": "dropBefore",
  "drop-after": "dropAfter",
};

/**
 * Reads a profile's text form; `off` (or an empty text) is no profile. Throws a TypeError that
 * names the item at fault.
 */
export function parseChaos(text: string): ChaosProfile | undefined {
  const items = text
    .split(/[,;]/)
    .map((item) => item.trim())
    .filter(Boolean);
  if (items.length === 0 || (items.length === 1 && items[0] === "off")) return undefined;
  const options: ChaosOptions = {};
  const number = (name: string, value: string) => {
    if (!/^\d+(\.\d+)?$/.test(value)) throw new TypeError(`chaos ${name} must be a number, got "${value}"`);
    return Number(value);
  };
  for (const item of items) {
    const [name = "", value = ""] = item.split("=", 2).map((part) => part.trim());
    if (!item.includes("=")) throw new TypeError(`chaos item "${item}" must be name=value`);
    const fault = RATE_NAMES[name];
    if (fault) options[OPTION_OF[fault]] = number(name, value) as never;
    else if (name === "seed") options.seed = number(name, value);
    else if (name === "retry-after") options.retryAfterSeconds = number(name, value);
    else if (name === "latency") {
      const range = /^(\d+)(?:-(\d+))?$/.exec(value);
      if (!range) throw new TypeError(`chaos latency must be MS or MIN-MAX in milliseconds, got "${value}"`);
      options.latencyMs = [Number(range[1]), Number(range[2] ?? range[1])];
    } else throw new TypeError(`unknown chaos item "${name}" (known: ${CHAOS_ITEMS.join(", ")})`);
  }
  return chaosProfile(options);
}

/** A profile from a text or an object, checked; undefined for none (or `off`). */
export function chaosProfileOf(option: string | ChaosOptions | undefined): ChaosProfile | undefined {
  if (option === undefined) return undefined;
  return typeof option === "string" ? parseChaos(option) : chaosProfile(option);
}

/** The profile in its text form, every item written out: `seed=7,latency=20-200,429=0.05,...`. */
export function describeChaos(profile: ChaosProfile): string {
  const [min, max] = profile.latencyMs;
  const rates = FAULTS.filter((fault) => profile.rates[fault] > 0).map((fault) => `${fault}=${profile.rates[fault]}`);
  return [
    `seed=${profile.seed}`,
    `latency=${min === max ? min : `${min}-${max}`}`,
    ...rates,
    ...(profile.rates["429"] > 0 ? [`retry-after=${profile.retryAfterSeconds}`] : []),
  ].join(",");
}
