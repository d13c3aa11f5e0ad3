// A local stand-in for CryptoMate's rate limiting, for tests and benchmarks: it accepts at most
// `limit` requests in any rolling window, and answers a violation with a block that doubles
// each time (1 s, 2 s, 4 s, ... up to `maxBlockMs`), during which every request gets a 429
// with Retry-After. Like the API, it keeps one active request per client (a second POST is a
// 409) and lists it on GET .../products. Listens on 127.0.0.1 only.
import { createServer } from "node:http";
import { fileURLToPath } from "node:url";

/** The documented answer of the endpoint. */
export const seedResponse = {
  id: "2VvyMx6rNLRB1W9euCyJGe46qyoiVPzh",
  client_id: "4QWq1rQtjnLM0wMswTRY9AmM4XTvY4GG",
  product: "cards_individuals",
  status: "pending_documentation",
  missing_requirements: {
    documents: [
      {
        id: "identity_document",
        name: "Identity document",
        description: "A valid government-issued identity document",
        required: true,
        valid_documents: [
          {
            id: "passport",
            name: "Passport",
            description: "A valid passport",
            required: true,
            require_image: true,
            require_back_image: false,
            metadata: [{ id: "number", name: "Document Number", data_type: "STRING", required: true }],
          },
        ],
      },
    ],
    data: [],
  },
  created_at: "2026-04-15T10:30:00",
  updated_at: "2026-04-15T10:30:00",
};

const PATH = /^\/management\/clients\/individuals\/([^/]+)\/products$/;

/** A timestamp as CryptoMate writes them: UTC here, without a zone, in whole seconds. */
const stamp = (ms) => new Date(ms).toISOString().slice(0, 19);

/** The success body for a client id, with an id derived from it, created now. */
export function enablementFor(clientId) {
  const now = stamp(Date.now());
  return { ...seedResponse, id: `req_${clientId}`.slice(0, 40), client_id: clientId, created_at: now, updated_at: now };
}

function send(res, status, body, headers = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text), ...headers });
  res.end(text);
}

/**
 * @param {object} [options]
 * @param {number} [options.limit] requests allowed per window (15)
 * @param {number} [options.windowMs] window length (1000)
 * @param {number} [options.firstBlockMs] first penalty block (1000)
 * @param {number} [options.maxBlockMs] longest penalty block (300000)
 * @param {number} [options.latencyMs] delay before answering an accepted request (0)
 * @param {boolean} [options.oneActive] refuse a second request for a client with 409, as the API does (true)
 * @param {(clientId: string) => {status: number, body: unknown, headers?: Record<string,string>, created?: boolean} | undefined} [options.answer]
 *   overrides the answer to a POST for a client id (`created`: the request was made all the
 *   same, as when a server fails after its work); undefined means success
 * @param {(clientId: string) => {status: number, body: unknown, headers?: Record<string,string>} | undefined} [options.read]
 *   overrides the answer to a GET of a client's products; undefined lists its active request
 */
export async function startPenalizingServer(options = {}) {
  const { limit = 15, windowMs = 1000, firstBlockMs = 1000, maxBlockMs = 300_000, latencyMs = 0 } = options;
  const { answer, read, oneActive = true } = options;
  const arrivals = [];
  const stats = {
    received: 0,
    accepted: 0,
    rejected: 0,
    violations: 0,
    /** POSTs received, accepted by the rate limit, and requests created, per client id. */
    byClient: new Map(),
    acceptedByClient: new Map(),
    createdByClient: new Map(),
    /** Product lists read, per client id. */
    readsByClient: new Map(),
    /** POSTs refused because the client had an active request. */
    conflicts: 0,
    arrivals,
  };
  /** The one active request of each client. */
  const active = new Map();
  let blockedUntil = 0;
  let violations = 0;
  const sockets = new Set();

  function maxInWindow() {
    let most = 0;
    for (let i = 0, j = 0; j < arrivals.length; j++) {
      while (arrivals[j] - arrivals[i] >= windowMs) i++;
      most = Math.max(most, j - i + 1);
    }
    return most;
  }

  /** What the API would do with a request that passed the rate limit: [status, body, headers]. */
  function handle(method, match, clientId) {
    const count = (map) => map.set(clientId, (map.get(clientId) ?? 0) + 1);
    const create = () => {
      count(stats.createdByClient);
      active.set(clientId, enablementFor(clientId));
    };
    if (!match || (method !== "GET" && method !== "POST")) {
      return [404, { code: "NOT_FOUND", message: "Resource not found" }];
    }
    if (method === "GET") {
      count(stats.readsByClient);
      const custom = read?.(clientId);
      if (custom) return [custom.status, custom.body, custom.headers];
      return [200, active.has(clientId) ? [active.get(clientId)] : []];
    }
    if (oneActive && active.has(clientId)) {
      stats.conflicts++;
      return [409, { code: "VAL", message: "An enablement request is already active for this product" }];
    }
    const custom = answer?.(clientId);
    if (custom) {
      if (custom.created) create();
      return [custom.status, custom.body, custom.headers];
    }
    create();
    return [200, enablementFor(clientId)];
  }

  const server = createServer((req, res) => {
    const chunks = [];
    req.on("data", (chunk) => chunks.push(chunk));
    req.on("end", () => {
      if (req.url === "/__stats") {
        return send(res, 200, {
          ...stats,
          byClient: Object.fromEntries(stats.byClient),
          acceptedByClient: Object.fromEntries(stats.acceptedByClient),
          createdByClient: Object.fromEntries(stats.createdByClient),
          readsByClient: Object.fromEntries(stats.readsByClient),
          arrivals: undefined,
          maxInWindow: maxInWindow(),
          // Accepted arrivals, first and last, in ms of this process's clock: a steady rate.
          firstAcceptedAt: arrivals[0] ?? null,
          lastAcceptedAt: arrivals.at(-1) ?? null,
        });
      }
      const now = performance.now();
      stats.received++;
      const match = PATH.exec(req.url ?? "");
      const clientId = match ? decodeURIComponent(match[1]) : "";
      const count = (map) => map.set(clientId, (map.get(clientId) ?? 0) + 1);
      const post = req.method === "POST";
      if (post) count(stats.byClient);
      const blocked = now < blockedUntil;
      if (!blocked && arrivals.filter((at) => at > now - windowMs).length >= limit) {
        // A violation: a new block, twice as long as the last one.
        violations++;
        stats.violations++;
        blockedUntil = now + Math.min(maxBlockMs, firstBlockMs * 2 ** (violations - 1));
      }
      if (now < blockedUntil) {
        stats.rejected++;
        const seconds = Math.max(1, Math.ceil(Math.round(blockedUntil - now) / 1000));
        const body = {
          error_code: "TOO_MANY_REQUESTS",
          message: `Rate limit exceeded. Retry after ${seconds} seconds`,
        };
        return send(res, 429, body, { "retry-after": String(seconds) });
      }
      arrivals.push(now);
      stats.accepted++;
      if (post) count(stats.acceptedByClient);
      // The work is done on arrival; the answer may come later (latencyMs), or never.
      const [status, body, headers] = handle(req.method, match, clientId);
      const respond = () => send(res, status, body, headers);
      if (latencyMs > 0) setTimeout(respond, latencyMs);
      else respond();
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    stats,
    /** Most accepted arrivals found in any rolling window. */
    maxInWindow,
    close() {
      return new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      });
    },
  };
}

// Run as a program: start a server and print its URL (used by the benchmarks, which keep the
// server in another process so that it does not share the event loop being measured).
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const limit = Number(process.env.LIMIT ?? 15);
  const server = await startPenalizingServer({ limit, oneActive: process.env.ONE_ACTIVE !== "0" });
  process.stdout.write(`${server.url}\n`);
  process.on("SIGTERM", () => server.close().then(() => process.exit(0)));
  process.stdin.on("end", () => server.close().then(() => process.exit(0)));
  process.stdin.resume();
}
