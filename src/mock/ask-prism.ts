/** The call sent to the Prism serving now, and to the next one when the first died under it. */
import type { IncomingMessage } from "node:http";
import { type Answer, exitsWithin, forward, type Route } from "./forward.js";

/** Prisms one call may be sent to, when those before died under it. */
const MAX_ATTEMPTS = 3;

/** Where calls go, and whether one may be sent again. */
export interface PrismTarget {
  target: () => Promise<Route>;
  replayable?: boolean;
}

/** Prism's answer to the call, or why there is none. */
export async function askPrism(
  options: PrismTarget,
  req: IncomingMessage,
  body: Buffer,
  extra: Record<string, string>,
): Promise<Answer | { unavailable: string }> {
  for (let attempt = 1; ; attempt++) {
    let route: Route;
    try {
      route = await options.target();
    } catch (error) {
      return { unavailable: (error as Error).message };
    }
    try {
      return await forward(route.url, req, body, extra);
    } catch (error) {
      // A Prism that died under the call: the call waits for the next one, when sending it again
      // is harmless.
      const refused = (error as NodeJS.ErrnoException).code === "ECONNREFUSED";
      const again = attempt < MAX_ATTEMPTS && (options.replayable || refused) && (await exitsWithin(route, 1000));
      if (!again) return { unavailable: `Prism did not answer: ${(error as Error).message}` };
    }
  }
}
