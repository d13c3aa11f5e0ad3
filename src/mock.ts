/**
 * Runs the Prism mock server of this package's spec (Node only). Used by the mock command,
 * `npm start` and the contract tests. Prism is an optional peer dependency.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** Path of the OpenAPI document shipped with the package. */
export const specPath = fileURLToPath(new URL("../openapi/openapi.yaml", import.meta.url));

export interface MockOptions {
  /** Port to listen on; 0 picks a free one. @default 0 */
  port?: number;
  /** Interface to listen on. @default "127.0.0.1" */
  host?: string;
  /** Answer requests that break the spec with an error response (Prism's `--errors`). @default true */
  errors?: boolean;
  /** Generate answers from the schemas instead of serving the named examples. @default false */
  dynamic?: boolean;
  /** Receives each line Prism logs. */
  onLog?: (line: string) => void;
  /** How long to wait for Prism to listen, in milliseconds. @default 60000 */
  startTimeoutMs?: number;
}

export interface MockServer {
  /** Base URL of the mock, e.g. `http://127.0.0.1:4010`. */
  readonly url: string;
  readonly port: number;
  /** Process id of the Prism process this started. */
  readonly pid: number;
  /** Stops the Prism process this started and waits until it has exited. */
  stop(): Promise<void>;
}

function prismEntry(): string {
  const require = createRequire(import.meta.url);
  let manifest: string;
  try {
    manifest = require.resolve("@stoplight/prism-cli/package.json");
  } catch {
    throw new Error("The mock server needs @stoplight/prism-cli: npm install --save-dev @stoplight/prism-cli@5.14.2");
  }
  return join(dirname(manifest), "dist", "index.js");
}

/** Asks the OS for a port that is free right now. */
export function freePort(host = "127.0.0.1"): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function waitForExit(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once("exit", () => resolve()));
}

/** Starts Prism on the spec and resolves once it accepts connections. */
export async function startMock(options: MockOptions = {}): Promise<MockServer> {
  const host = options.host ?? "127.0.0.1";
  const port = options.port || (await freePort(host));
  const args = [prismEntry(), "mock", specPath, "--host", host, "--port", String(port)];
  if (options.errors ?? true) args.push("--errors");
  if (options.dynamic) args.push("--dynamic");
  const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
  const logs: string[] = [];
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      const forced = setTimeout(() => child.kill("SIGKILL"), 5_000);
      await waitForExit(child);
      clearTimeout(forced);
    }
  };
  const hostForUrl = host.includes(":") ? `[${host}]` : host;
  const url = `http://${hostForUrl}:${port}`;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      fail(
        new Error(`Prism did not start within ${options.startTimeoutMs ?? 60_000} ms:\n${logs.slice(-20).join("\n")}`),
      );
    }, options.startTimeoutMs ?? 60_000);
    const fail = (error: Error) => {
      clearTimeout(timer);
      void stop().then(() => reject(error));
    };
    const onData = (chunk: Buffer) => {
      for (const line of chunk.toString("utf8").split(/\r?\n/)) {
        if (line.trim() === "") continue;
        logs.push(line);
        if (logs.length > 200) logs.shift();
        options.onLog?.(line);
        if (line.includes("Prism is listening on")) {
          clearTimeout(timer);
          resolve();
        }
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("error", fail);
    child.once("exit", (code, signal) => {
      fail(new Error(`Prism exited before listening (code ${code}, signal ${signal}):\n${logs.slice(-20).join("\n")}`));
    });
  });
  return { url, port, pid: child.pid as number, stop };
}
