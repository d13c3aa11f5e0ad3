/**
 * The ports browsers' and Node's fetch refuse to call (the Fetch Standard's "bad ports", kept
 * from cross-protocol attacks on other services): a mock listening on one could not be called.
 */
export const BAD_PORTS: ReadonlySet<number> = new Set([
  1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69, 77, 79, 87, 95, 101, 102, 103, 104, 109, 110,
  111, 113, 115, 117, 119, 123, 135, 137, 139, 143, 161, 179, 389, 427, 465, 512, 513, 514, 515, 526, 530, 531, 532,
  540, 548, 554, 556, 563, 587, 601, 636, 989, 990, 993, 995, 1719, 1720, 1723, 2049, 3659, 4045, 4190, 5060, 5061,
  6000, 6566, 6665, 6666, 6667, 6668, 6669, 6679, 6697, 10080,
]);

/** Why a mock cannot listen on `port` for fetch callers, or undefined when it can. */
export function badPortProblem(port: number): string | undefined {
  if (!BAD_PORTS.has(port)) return undefined;
  return `port ${port} is one that fetch refuses to call (a "bad port" of the Fetch Standard, in browsers and Node alike): pick another, such as 4010`;
}
