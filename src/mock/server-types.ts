/** The options and the handle of the mock server (start.ts), and the error of a taken port. */
import type { ChaosOptions } from "./chaos/draw.js";
import type { RequestLogEntry } from "./request-log.js";
import type { SandboxLimits } from "./state/limits.js";

export interface MockOptions {
  /** Port to listen on; 0 picks a free one. @default 0 */
  port?: number;
  /** Interface to listen on. @default "127.0.0.1" */
  host?: string;
  /** Answer requests that break the spec with an error response (Prism's `--errors`). @default true */
  errors?: boolean;
  /** Answer with plausible generated requests instead of the spec's examples. @default false */
  dynamic?: boolean;
  /** Seed of dynamic answers: the same seed gives the same answers. @default a random one */
  seed?: number;
  /** Enforce CryptoMate's limit at this many requests per second, with doubling penalty blocks. */
  rateLimit?: number;
  /**
   * Forward every call to this upstream (such as CryptoMate's sandbox) through Prism's
   * validating proxy, and report each answer that breaks the spec to `onViolation`.
   */
  proxy?: string;
  /**
   * The one origin browsers may call from (such as `http://localhost:3000`); any other gets no
   * `Access-Control-Allow-Origin`. @default the caller's origin, whichever it is
   */
  corsOrigin?: string;
  /** Receives each call once answered: method, path, status, milliseconds, key fingerprint, trace id. */
  onRequest?: (entry: RequestLogEntry) => void;
  /** Receives each line Prism logs. */
  onLog?: (line: string) => void;
  /** Receives what the mock itself has to say: Prism restarted, or could not be. */
  onEvent?: (message: string) => void;
  /** Receives each answer that breaks the spec, with the fields at fault. */
  onViolation?: (call: string, violations: string[]) => void;
  /**
   * Play the documented flow from an in-memory state instead of serving the spec's examples:
   * created clients are kept, enablement requests move from `pending_documentation` to
   * `in_kyc` to `enabled` or `rejected`, and `POST /__mock/reset` forgets the caller's. No Prism
   * process is started. Each API key has a sandbox of its own, bounded by `limits`. It always
   * checks requests: not with `dynamic`, `proxy` or `errors: false`. @default false
   */
  stateful?: boolean;
  /**
   * With `stateful`: the limits of each API key's sandbox (past them, the key's oldest clients
   * are forgotten) and of all of them together (past it, new data is refused with 507).
   * @default DEFAULT_LIMITS
   */
  limits?: SandboxLimits;
  /**
   * With `stateful`: keep the sandboxes in this file across restarts. Read at start (a file that
   * cannot be used rejects with MockStateFileError, naming it; a missing one is created), written
   * a moment after each change through a temporary file and a rename, and on `stop()`.
   */
  stateFile?: string;
  /** With `stateful`: how long the review of a submitted request takes, in milliseconds. @default 3000 */
  reviewMs?: number;
  /**
   * How long to wait for Prism to listen, in milliseconds; calls that arrive while Prism starts or
   * restarts wait as long for it. @default 60000
   */
  startTimeoutMs?: number;
  /**
   * A seeded fault profile for every call, in any mode: `"seed=7,latency=20-200,429=0.05,5xx-before=0.05,5xx-after=0.05,drop=0.02"`
   * (as `--chaos` takes it) or the same as an object. A call's `Prefer: chaos="…"` works without
   * it. A bad profile throws a TypeError.
   */
  chaos?: string | ChaosOptions;
}

export interface MockServer {
  /** Base URL of the mock, e.g. `http://127.0.0.1:4010`. */
  readonly url: string;
  readonly port: number;
  /**
   * Process id of the Prism process serving now (it changes when Prism is restarted); 0 in the
   * stateful mode, which runs no Prism.
   */
  readonly pid: number;
  /** How many times Prism died and was restarted. */
  readonly restarts: number;
  /** Calls answered so far (for proxy summaries). */
  readonly calls: number;
  /** The seed of dynamic answers, when `dynamic` is on. */
  readonly seed: number | undefined;
  /** Settles when the mock stops: resolves after `stop()`, rejects when Prism cannot be restarted. */
  readonly closed: Promise<void>;
  /** Stops the front and the Prism process this started, and waits until both are gone. */
  stop(): Promise<void>;
}

/** The public port is taken by another program. */
export class MockPortInUseError extends Error {
  override name = "MockPortInUseError";
  constructor(readonly port: number) {
    super(`port ${port} is already in use (pick another with --port)`);
  }
}
