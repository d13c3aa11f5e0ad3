/** The batch's output file: one JSON line per finished id, read back to resume. */
import { existsSync, readFileSync } from "node:fs";
import type { BatchOutcome } from "../batch.js";
import { CryptoMateApiError } from "../errors.js";

interface Recorded {
  clientId: string;
  ok: boolean;
}

/** Ids whose last recorded line says they succeeded. Torn lines (a crash mid-write) are ignored. */
export function succeededIn(path: string): Set<string> {
  const done = new Set<string>();
  if (!existsSync(path)) return done;
  for (const line of readFileSync(path, "utf8").split("\n")) {
    if (line.trim() === "") continue;
    try {
      const entry = JSON.parse(line) as Recorded;
      if (typeof entry.clientId !== "string") continue;
      if (entry.ok) done.add(entry.clientId);
      else done.delete(entry.clientId);
    } catch {
      // torn line
    }
  }
  return done;
}

/** The line recorded for an outcome. */
export function outcomeLine(outcome: BatchOutcome): Record<string, unknown> {
  if (outcome.ok) {
    return { clientId: outcome.clientId, ok: true, id: outcome.request.id, status: outcome.request.status };
  }
  const error = outcome.error;
  const api = error instanceof CryptoMateApiError ? error : undefined;
  return {
    clientId: outcome.clientId,
    ok: false,
    status: api?.status ?? null,
    code: api?.code ?? null,
    error: error.name,
    message: error.message,
    traceId: api?.traceId ?? null,
  };
}
