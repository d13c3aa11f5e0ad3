/**
 * The MSW handlers' side of `chaos`: wraps a handler's resolver so that each call waits its drawn
 * latency, then gets its fault: a 429 or a 500 instead of the answer (before processing), a 500
 * in place of the answer (after processing), or a network error (`HttpResponse.error()`, what a
 * dropped connection looks like to `fetch`), before or after processing.
 */
import { HttpResponse } from "msw";
import { newTraceId } from "../state/ids.js";
import { type Chaos, ChaosPreferError, chaosPreferRefusal, faultAnswer } from "./draw.js";

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  const trace = newTraceId();
  const withTrace = body && typeof body === "object" ? { ...body, trace_id: trace } : body;
  return HttpResponse.json(withTrace as Record<string, unknown>, {
    status,
    headers: { ...headers, "x-trace-id": trace },
  });
}

/** `resolver` with the faults of `chaos`; `prefix` is the mocked host's base path. */
export function withChaos<Info extends { request: Request }, Result>(
  chaos: Chaos,
  prefix: string,
  resolver: (info: Info) => Promise<Result>,
): (info: Info) => Promise<Result | Response> {
  return async (info) => {
    const { request } = info;
    if (!chaos.mayApply(request.headers.get("prefer"))) return resolver(info);
    let draw: ReturnType<Chaos["draw"]>;
    try {
      draw = chaos.draw({
        method: request.method,
        path: new URL(request.url).pathname.slice(prefix.length),
        apiKey: request.headers.get("x-api-key"),
        body: new Uint8Array(await request.clone().arrayBuffer()),
        prefer: request.headers.get("prefer"),
      });
    } catch (error) {
      if (!(error instanceof ChaosPreferError)) throw error;
      const refusal = chaosPreferRefusal(error);
      return json(refusal.status, refusal.body);
    }
    if (!draw) return resolver(info);
    if (draw.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, draw.latencyMs));
    const { fault } = draw;
    if (fault === "drop-before") return HttpResponse.error();
    if (fault === "429" || fault === "5xx-before") {
      const answer = faultAnswer(draw);
      return json(answer.status, answer.body, answer.headers);
    }
    const result = await resolver(info);
    if (fault === "drop-after") return HttpResponse.error();
    if (fault === "5xx-after") {
      const answer = faultAnswer(draw);
      return json(answer.status, answer.body, answer.headers);
    }
    return result;
  };
}
