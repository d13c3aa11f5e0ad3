/** Prism as a child process on an internal loopback port, started and stopped by its pid. */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * Path of the OpenAPI document shipped with the package: beside dist/ once built, two folders up
 * from this source file when run from src/ (as the tests do).
 */
export const specPath = [
  new URL("../openapi/openapi.yaml", import.meta.url),
  new URL("../../openapi/openapi.yaml", import.meta.url),
]
  .map((url) => fileURLToPath(url))
  .find((path) => existsSync(path)) as string;

/** The optional peer @stoplight/prism-cli is not installed. */
export class PrismMissingError extends Error {
  override name = "PrismMissingError";
  constructor() {
    super("The mock server needs @stoplight/prism-cli: npm install --save-dev @stoplight/prism-cli@5.14.2");
  }
}

/** What starting Prism needs to know. */
export interface PrismOptions {
  errors?: boolean;
  proxy?: string;
  onLog?: (line: string) => void;
  startTimeoutMs?: number;
  /** Stops a Prism still starting: the launch then rejects, once the process has exited. */
  signal?: AbortSignal;
}

/**
 * Runs before Prism's own entry point, in the Prism process: Prism exits when its standard input
 * ends, that is when the process that started it is gone, however it went (even SIGKILL). Then
 * it hands the command line to Prism, as if Prism had been started directly.
 */
const EXIT_WITH_PARENT =
  'process.stdin.on("end",()=>process.exit(0)).on("error",()=>process.exit(0)).resume();require(process.argv[1]);';

function prismEntry(): string {
  const require = createRequire(import.meta.url);
  let manifest: string;
  try {
    manifest = require.resolve("@stoplight/prism-cli/package.json");
  } catch {
    throw new PrismMissingError();
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

/** A running Prism process on an internal port. */
export interface Prism {
  url: string;
  child: ChildProcess;
  /** Settles when the process exits. */
  exited: Promise<void>;
  stop(): Promise<void>;
}

export async function launchPrism(options: PrismOptions): Promise<Prism> {
  const port = await freePort();
  const command = options.proxy ? ["proxy", specPath, options.proxy] : ["mock", specPath];
  const args = ["-e", EXIT_WITH_PARENT, "--", prismEntry(), ...command];
  // One process (NODE_ENV=production would make Prism fork another); the front answers CORS.
  args.push("--host", "127.0.0.1", "--port", String(port), "--no-multiprocess", "--no-cors");
  if ((options.errors ?? true) && !options.proxy) args.push("--errors");
  if (options.signal?.aborted) throw new Error("the mock is stopping");
  const child = spawn(process.execPath, args, { stdio: ["pipe", "pipe", "pipe"] });
  // Kept open, never written: it closes when this process ends.
  child.stdin?.on("error", () => undefined);
  const exited = waitForExit(child);
  const logs: string[] = [];
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      const forced = setTimeout(() => child.kill("SIGKILL"), 5_000);
      await exited;
      clearTimeout(forced);
    }
  };
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      fail(
        new Error(`Prism did not start within ${options.startTimeoutMs ?? 60_000} ms:\n${logs.slice(-20).join("\n")}`),
      );
    }, options.startTimeoutMs ?? 60_000);
    const aborted = () => fail(new Error("the mock is stopping"));
    const fail = (error: Error) => {
      clearTimeout(timer);
      options.signal?.removeEventListener("abort", aborted);
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
          // Nobody reads the request log: stop splitting it, but keep draining the pipes.
          if (!options.onLog) {
            for (const stream of [child.stdout, child.stderr]) stream?.off("data", onData).resume();
          }
          // Once listening, the caller stops it (the signal only stops a Prism still starting).
          options.signal?.removeEventListener("abort", aborted);
          resolve();
        }
      }
    };
    options.signal?.addEventListener("abort", aborted, { once: true });
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("error", fail);
    child.once("exit", (code, signal) => {
      fail(new Error(`Prism exited before listening (code ${code}, signal ${signal}):\n${logs.slice(-20).join("\n")}`));
    });
  });
  return { url: `http://127.0.0.1:${port}`, child, exited, stop };
}
