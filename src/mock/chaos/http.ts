/**
 * The mock server's side of `--chaos`: the front calls `chaosFirst` once a call's body is read.
 * It waits the drawn latency, then answers a fault that comes before processing (a 429, a 500,
 * a dropped connection) itself; for one that comes after, it lets the call be processed and
 * swaps the answer for a 500, or drops the connection instead of sending it.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { type Chaos, ChaosPreferError, chaosPreferRefusal, faultAnswer } from "./draw.js";

type Send = (res: ServerResponse, status: number, body: unknown, headers?: Record<string, string>) => void;

/**
 * Holds back the answer the call is about to get: when it ends, `instead` runs in its place
 * (the answer's own status, headers and body are dropped).
 */
function replaceAnswer(res: ServerResponse, instead: () => void): void {
  const { writeHead, write, end } = res;
  res.writeHead = (() => res) as typeof res.writeHead;
  res.write = (() => true) as typeof res.write;
  res.end = ((...args: unknown[]) => {
    res.writeHead = writeHead;
    res.write = write;
    res.end = end;
    instead();
    const done = args.find((arg) => typeof arg === "function") as (() => void) | undefined;
    done?.();
    return res;
  }) as typeof res.end;
}

/**
 * Applies the call's fault. True when the call is answered (or dropped) already; false when it
 * is to be processed, its answer then possibly swapped.
 */
export async function chaosFirst(
  chaos: Chaos,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  body: Buffer,
  send: Send,
): Promise<boolean> {
  const apiKey = req.headers["x-api-key"];
  const prefer = req.headers.prefer;
  let draw: ReturnType<Chaos["draw"]>;
  try {
    draw = chaos.draw({
      method: req.method ?? "GET",
      path,
      apiKey: Array.isArray(apiKey) ? apiKey[0] : apiKey,
      body,
      prefer: Array.isArray(prefer) ? prefer.join(", ") : prefer,
    });
  } catch (error) {
    if (!(error instanceof ChaosPreferError)) throw error;
    const refusal = chaosPreferRefusal(error);
    send(res, refusal.status, refusal.body);
    return true;
  }
  if (!draw) return false;
  if (draw.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, draw.latencyMs));
  const { fault } = draw;
  if (fault === undefined) return false;
  if (fault === "drop-before") {
    req.socket.destroy();
    return true;
  }
  if (fault === "drop-after") {
    replaceAnswer(res, () => req.socket.destroy());
    return false;
  }
  const answer = faultAnswer(draw);
  if (fault === "5xx-after") {
    replaceAnswer(res, () => send(res, answer.status, answer.body, answer.headers));
    return false;
  }
  send(res, answer.status, answer.body, answer.headers);
  return true;
}
