/**
 * Runs the mock server of this package's spec (Node only): Prism, supervised, behind a front of
 * our own. Used by the mock command, `npm start` and the contract tests. Prism is an optional
 * peer dependency.
 */
import { createServer as createHttpServer } from "node:http";
import { badPortProblem } from "./bad-ports.js";
import { chaosProfileOf } from "./chaos/draw.js";
import { applyCors, corsOriginProblem } from "./cors.js";
import type { Route } from "./forward.js";
import { createFront } from "./front.js";
import { answerHealth, type MockMode } from "./health.js";
import { launchPrism, type Prism } from "./prism.js";
import { logRequest } from "./request-log.js";
import { type MockOptions, MockPortInUseError, type MockServer } from "./server-types.js";
import { createMockState, type MockState, reviewMsOf } from "./state/machine.js";
import { createStateSaver, readStateFile } from "./state-file.js";

export type { ChaosOptions } from "./chaos/draw.js";
export { ALLOWED_HEADERS, EXPOSED_HEADERS } from "./cors.js";
export { HEALTH_PATH, type Health, type MockMode } from "./health.js";
export { keyFingerprint } from "./key-fingerprint.js";
export { freePort, PrismMissingError, specPath } from "./prism.js";
export { type RequestLogEntry, requestLine } from "./request-log.js";
export { SCENARIOS, type Scenario } from "./scenarios.js";
export { type MockOptions, MockPortInUseError, type MockServer } from "./server-types.js";
export { DEFAULT_LIMITS, DEFAULT_REVIEW_MS, MAX_CLIENTS, RESET_PATH, type SandboxLimits } from "./state/machine.js";
export { MockStateFileError } from "./state-file.js";

/** Restarts allowed within a minute before the mock gives up. */
const MAX_RESTARTS_PER_MINUTE = 5;

/**
 * Starts the mock: Prism on an internal port, supervised (restarted if it dies), behind the
 * front on `host:port`. Resolves once Prism answers. The front accepts connections before that;
 * calls that arrive while Prism starts or restarts wait for it.
 */
export async function startMock(options: MockOptions = {}): Promise<MockServer> {
  const host = options.host ?? "127.0.0.1";
  if (options.stateful && (options.dynamic || options.proxy)) {
    throw new TypeError("stateful cannot be combined with dynamic or proxy");
  }
  if (options.stateful && options.errors === false) {
    throw new TypeError("stateful cannot be combined with errors: false: the stateful mock always checks requests");
  }
  const corsProblem = options.corsOrigin === undefined ? undefined : corsOriginProblem(options.corsOrigin);
  if (corsProblem) throw new TypeError(`corsOrigin: ${corsProblem}`);
  const portProblem = options.port ? badPortProblem(options.port) : undefined;
  if (portProblem) throw new TypeError(portProblem);
  if (options.stateFile !== undefined && !options.stateful) throw new TypeError("stateFile goes with stateful");
  const reviewMs = reviewMsOf(options.reviewMs);
  const chaos = chaosProfileOf(options.chaos);
  // Read before anything starts: a file that cannot be used stops the start, naming the file.
  const saved = options.stateFile === undefined ? undefined : readStateFile(options.stateFile);
  let saver: ReturnType<typeof createStateSaver> | undefined;
  const state: MockState | undefined = options.stateful
    ? createMockState({ reviewMs, limits: options.limits, onChange: () => saver?.changed() })
    : undefined;
  if (state && saved) state.load(saved);
  if (state && options.stateFile !== undefined) {
    saver = createStateSaver(
      options.stateFile,
      () => state.dump(),
      (message) => options.onEvent?.(message),
    );
    // Written at once: a path that cannot be written (a missing folder, no permission) stops
    // the start, instead of losing every change later.
    await saver.check();
  }
  const seed = options.dynamic ? (options.seed ?? Math.floor(Math.random() * 2 ** 31)) : undefined;
  let prism: Prism | undefined;
  let calls = 0;
  let restarts = 0;
  let stopping = false;
  /** Stops a Prism that is starting when the mock stops; stop() waits until it has exited. */
  const aborter = new AbortController();
  let launching: Promise<unknown> | undefined;
  const launch = () => {
    const next = launchPrism({ ...options, signal: aborter.signal });
    launching = next.then(
      (started) => (stopping ? started.stop() : undefined),
      () => undefined,
    );
    return next;
  };
  const recent: number[] = [];
  let settle: { resolve: () => void; reject: (error: Error) => void } | undefined;
  const closed = new Promise<void>((resolve, reject) => {
    settle = { resolve, reject };
  });
  closed.catch(() => undefined);

  const startTimeoutMs = options.startTimeoutMs ?? 60_000;
  /** Calls waiting for Prism to start or restart. */
  const waiting = new Set<{ resolve: (route: Route) => void; reject: (error: Error) => void }>();
  const target = (): Promise<Route> => {
    if (prism) return Promise.resolve(prism);
    if (stopping) return Promise.reject(new Error("the mock is stopping"));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => waiter.reject(new Error(`Prism did not start within ${startTimeoutMs} ms`)),
        startTimeoutMs,
      );
      const settled = () => {
        clearTimeout(timer);
        waiting.delete(waiter);
      };
      const waiter = {
        resolve: (route: Route) => {
          settled();
          resolve(route);
        },
        reject: (error: Error) => {
          settled();
          reject(error);
        },
      };
      waiting.add(waiter);
    });
  };
  /** Routes calls to `next`, the waiting ones first. */
  const serve = (next: Prism) => {
    prism = next;
    for (const waiter of [...waiting]) waiter.resolve(next);
  };

  const front = createFront({
    target,
    replayable: !options.proxy,
    proxy: Boolean(options.proxy),
    rateLimit: options.rateLimit,
    seed,
    state,
    chaos,
    onViolation: options.onViolation,
    onCall: () => {
      calls++;
    },
  });
  const startedAt = performance.now();
  const mode: MockMode = state ? "stateful" : options.proxy ? "proxy" : options.dynamic ? "dynamic" : "examples";
  const ready = () => !stopping && (state !== undefined || prism !== undefined);
  const server = createHttpServer((req, res) => {
    if (options.onRequest) logRequest(req, res, options.onRequest);
    if (applyCors(req, res, options.corsOrigin) || answerHealth(req, res, { mode, startedAt, ready })) return;
    front(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify({ code: "MOCK_ERROR", message: String(error) }));
    });
  });
  const sockets = new Set<import("node:net").Socket>();
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });

  /** Stops both; `closed` then rejects with `failure`, or resolves when there is none. */
  const stop = async (failure?: Error) => {
    stopping = true;
    aborter.abort();
    const current = prism;
    prism = undefined;
    for (const waiter of [...waiting]) waiter.reject(new Error("the mock is stopping"));
    await new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    });
    await Promise.all([current?.stop(), launching]);
    await saver?.flush();
    if (failure) settle?.reject(failure);
    else settle?.resolve();
  };

  const supervise = (current: Prism) => {
    current.child.once("exit", (code, signal) => {
      if (stopping || prism !== current) return;
      prism = undefined;
      const now = Date.now();
      recent.push(now);
      while (recent.length > 0 && (recent[0] as number) < now - 60_000) recent.shift();
      if (recent.length > MAX_RESTARTS_PER_MINUTE) {
        const error = new Error(
          `Prism died ${recent.length} times within a minute (last: code ${code}, signal ${signal}); giving up`,
        );
        options.onEvent?.(error.message);
        void stop(error);
        return;
      }
      options.onEvent?.(`Prism exited (code ${code}, signal ${signal}); restarting it`);
      launch().then(
        (next) => {
          if (stopping) return void next.stop();
          restarts++;
          serve(next);
          supervise(next);
          options.onEvent?.(`Prism restarted (pid ${next.child.pid})`);
        },
        (error: Error) => {
          options.onEvent?.(`Prism could not be restarted: ${error.message.split("\n")[0]}`);
          void stop(error);
        },
      );
    });
  };
  // The public port first: one taken by another program is reported before Prism starts.
  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(options.port ?? 0, host, () => {
        server.off("error", reject);
        resolve();
      });
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EADDRINUSE") throw new MockPortInUseError(options.port ?? 0);
    throw error;
  }
  // The stateful mode answers every call itself: no Prism to start.
  if (!state) {
    let first: Prism;
    try {
      first = await launch();
    } catch (error) {
      await stop();
      throw error;
    }
    serve(first);
    supervise(first);
  }
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  const hostForUrl = host.includes(":") ? `[${host}]` : host;
  return {
    url: `http://${hostForUrl}:${port}`,
    port,
    get pid() {
      return (prism?.child.pid ?? 0) as number;
    },
    get restarts() {
      return restarts;
    },
    get calls() {
      return calls;
    },
    seed,
    closed,
    stop: () => stop(),
  };
}
