/** How the front answers by itself: JSON with its own trace id, and the body read up to a limit. */
import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";

/** A new trace id, as every answer of the mock carries one. */
export const traceId = () => randomBytes(16).toString("hex");

export function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  const trace = traceId();
  const withTrace = body && typeof body === "object" && status >= 400 ? { ...body, trace_id: trace } : body;
  const text = JSON.stringify(withTrace);
  res.writeHead(status, {
    ...headers,
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
    "x-trace-id": trace,
  });
  res.end(text);
}

export const badRequest = (res: ServerResponse, message: string, status = 400) =>
  send(res, status, { code: status === 400 ? "BAD_REQUEST" : "REQUEST_TOO_LARGE", message });

export function readBody(req: IncomingMessage, max: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) {
        resolve(undefined);
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}
