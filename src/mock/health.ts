/**
 * `GET /__mock/health`: 200 with the mode, the package's version and the uptime once the mock
 * answers API calls; 503 while Prism starts or restarts, or while the mock stops. For container
 * health checks and CI services' readiness checks.
 */
import { readFileSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { traceId } from "./reply.js";

export const HEALTH_PATH = "/__mock/health";

export type MockMode = "examples" | "dynamic" | "stateful" | "proxy";

export interface Health {
  status: "ok" | "starting";
  mode: MockMode;
  version: string;
  /** Seconds since the mock started, to the millisecond. */
  uptime: number;
}

/** The version in the package.json beside dist/ (built) or two folders up (run from src/). */
function packageVersion(): string {
  for (const relative of ["../package.json", "../../package.json"]) {
    try {
      const manifest = JSON.parse(readFileSync(new URL(relative, import.meta.url), "utf8")) as {
        name?: string;
        version?: string;
      };
      if (manifest.name === "cryptomate-product-enablement" && manifest.version) return manifest.version;
    } catch {
      // Not there: the other place.
    }
  }
  return "unknown";
}

/** Answers the health path (GET or HEAD); returns whether the call was that. */
export function answerHealth(
  req: IncomingMessage,
  res: ServerResponse,
  state: { mode: MockMode; startedAt: number; ready: () => boolean },
): boolean {
  if ((req.url ?? "").split("?")[0] !== HEALTH_PATH || (req.method !== "GET" && req.method !== "HEAD")) return false;
  const ready = state.ready();
  const health: Health = {
    status: ready ? "ok" : "starting",
    mode: state.mode,
    version: packageVersion(),
    uptime: Math.round(performance.now() - state.startedAt) / 1000,
  };
  const text = JSON.stringify(health);
  res.writeHead(ready ? 200 : 503, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
    "cache-control": "no-store",
    "x-trace-id": traceId(),
  });
  res.end(req.method === "HEAD" ? undefined : text);
  return true;
}
