/**
 * How the front passes a call to Prism and reads Prism's verdict: the body as read, framed by its
 * length, without the headers that describe only the caller's connection.
 */
import { Agent, request as httpRequest, type IncomingMessage, type OutgoingHttpHeaders } from "node:http";

/** Where a call can go: a Prism process that listens now, and a promise settled when it exits. */
export interface Route {
  url: string;
  exited: Promise<void>;
}

export interface Answer {
  status: number;
  headers: IncomingMessage["headers"];
  body: Buffer;
}

/**
 * Headers about one connection or one message's framing, not about the call. The front has read
 * the whole body, so it sends it with its own Content-Length: a Transfer-Encoding passed on beside
 * that length would reach the upstream as a message it cannot read.
 */
const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "proxy-connection",
  "transfer-encoding",
  "te",
  "trailer",
  "upgrade",
  "expect",
  "content-length",
]);

/** The caller's headers for Prism, with `extra` over them and the body's length. */
export function headersFor(req: IncomingMessage, body: Buffer, extra: Record<string, string>, host: string) {
  const named = String(req.headers.connection ?? "")
    .split(",")
    .map((name) => name.trim().toLowerCase());
  const headers: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined && !HOP_BY_HOP.has(name) && !named.includes(name)) headers[name] = value;
  }
  Object.assign(headers, extra, { host });
  // A call that came without a body goes without one; any other carries its length.
  const framed = req.headers["content-length"] !== undefined || req.headers["transfer-encoding"] !== undefined;
  if (body.length > 0 || framed) headers["content-length"] = body.length;
  return headers;
}

/** Connections to Prism are kept open between calls. */
const toPrism = new Agent({ keepAlive: true, maxSockets: 64 });

/** Sends the call to Prism at `target` and reads its whole answer. */
export function forward(target: string, req: IncomingMessage, body: Buffer, extra: Record<string, string>) {
  return new Promise<Answer>((resolve, reject) => {
    const outgoing = httpRequest(
      `${target}${req.url}`,
      { method: req.method, agent: toPrism, headers: headersFor(req, body, extra, new URL(target).host) },
      (answer) => {
        const chunks: Buffer[] = [];
        answer.on("data", (chunk: Buffer) => chunks.push(chunk));
        answer.on("end", () =>
          resolve({ status: answer.statusCode ?? 502, headers: answer.headers, body: Buffer.concat(chunks) }),
        );
        answer.on("error", reject);
      },
    );
    outgoing.on("error", reject);
    outgoing.end(body);
  });
}

/** Headers of Prism's answer worth passing to the caller: not its framing, date or connection. */
export function answerHeaders(answer: Answer): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(answer.headers)) {
    // CORS is the front's: an upstream's own would contradict it.
    if (name.startsWith("access-control-") || name === "vary") continue;
    if (typeof value === "string" && !HOP_BY_HOP.has(name) && !["content-type", "date"].includes(name))
      headers[name] = value;
  }
  return headers;
}

/** Prism's `sl-violations` header, as "field: message" lines, for the request or the response. */
export function violationsOf(header: string | string[] | undefined, side: "request" | "response"): string[] {
  if (typeof header !== "string") return [];
  try {
    const list = JSON.parse(header) as { location?: string[]; message?: string }[];
    const lines = list
      .filter(({ location = [] }) => location[0] === side)
      .map(({ location = [], message = "is invalid" }) => {
        const field = location.slice(location[1] === "body" ? 2 : 1).join(".");
        return `${field || side}: ${message}`;
      });
    return [...new Set(lines)];
  } catch {
    return [];
  }
}

/** Whether the Prism behind `route` exits within `ms`: a call that failed on it then failed because it died. */
export function exitsWithin(route: Route, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    void route.exited.then(() => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}
