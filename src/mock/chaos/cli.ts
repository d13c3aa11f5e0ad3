/** `cryptomate-enable-mock --chaos`: the option read and checked, and the banner's line about it. */
import { type ChaosProfile, describeChaos, parseChaos } from "./draw.js";

/** The profile `--chaos` gives, or none; `fail` is called with the message of a bad one. */
export function chaosOption(text: string | undefined, fail: (message: string) => never): ChaosProfile | undefined {
  if (text === undefined) return undefined;
  try {
    return parseChaos(text);
  } catch (error) {
    return fail(`--chaos: ${(error as Error).message}`);
  }
}

/** The banner's lines about the profile: what it does, and how to repeat or escape it. */
export function chaosBanner(profile: ChaosProfile | undefined): string {
  if (!profile) return "";
  return `Chaos: ${describeChaos(profile)} (the same seed gives the same faults; a 429 or 500 it adds
carries x-mock-chaos; a call with Prefer: chaos=off gets none).
`;
}
