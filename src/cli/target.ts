/**
 * Where and what a batch sends: the base URL and the product. The journal records them on a
 * line of its own, so that a rerun with the same --out against another host or for another
 * product is refused instead of skipping ids that were never sent there.
 */
import { ENVIRONMENTS } from "../client/options.js";
import { type Flags, product, Refusal, UsageError } from "./args.js";

export interface Target {
  /** Normalized: origin and path, without a trailing slash. */
  baseUrl: string;
  product: string;
}

/** The target of this run, from --base-url, --sandbox (production by default) and --product. */
export function targetOf(values: Flags): Target {
  const flag = values["base-url"];
  if (flag && values.sandbox) throw new UsageError("use either --base-url or --sandbox, not both");
  const text = flag || (values.sandbox ? ENVIRONMENTS.sandbox : ENVIRONMENTS.production);
  return { baseUrl: normalize(text), product: product(values) };
}

/** The same form as the client's: `https://api.cryptomate.me/` and `https://API.cryptomate.me` are one host. */
function normalize(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`--base-url is not a valid absolute URL: "${text}"`);
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
}

/** Reads a journal line that records a target; undefined for any other line. */
export function targetLine(entry: Record<string, unknown>): Target | undefined {
  const { clientId, baseUrl, product } = entry;
  if (clientId !== undefined || typeof baseUrl !== "string" || typeof product !== "string") return undefined;
  return { baseUrl, product };
}

/** The line that records a target. */
export function targetRecord(target: Target): Record<string, unknown> {
  return { baseUrl: target.baseUrl, product: target.product, at: new Date().toISOString() };
}

/**
 * Refuses a run whose target differs from the one its journal records. A journal without one
 * (written by an earlier version, or new) is accepted: the run records its own.
 */
export function checkTarget(out: string, recorded: Target | undefined, current: Target): void {
  if (!recorded) return;
  if (sameUrl(recorded.baseUrl, current.baseUrl) && recorded.product === current.product) return;
  throw new Refusal(
    `${out} records runs against ${recorded.baseUrl} for ${recorded.product}, but this run is against ` +
      `${current.baseUrl} for ${current.product}: point --out at a new file for this run`,
  );
}

/** The recorded URL is normalized too, in case the line was edited by hand. */
function sameUrl(recorded: string, current: string): boolean {
  try {
    return normalize(recorded) === current;
  } catch {
    return false;
  }
}
