/**
 * For tests of the command line against `cryptomate-enable-mock --stateful` as a process: the
 * mock started before the file's tests and stopped by its pid after them, and each command run
 * with `--base-url` pointing at it, its output kept.
 */
import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, expect } from "vitest";
import { freePort } from "../../src/mock/start.js";
import { CLI_ENV, cli } from "./cli.js";
import { type Finished, type Running, requireBuild, run, start } from "./process.js";

export interface StatefulCli {
  /** Where the mock answers, once started. */
  baseUrl(): string;
  /** Runs `cryptomate-enable <args> --base-url <mock>`. */
  enable(...args: string[]): Promise<Finished>;
  /** The output of every command run so far, this file's included. */
  outputs: Finished[];
}

export function statefulMockPerFile(reviewMs: number): StatefulCli {
  let mock: Running | undefined;
  let url = "";
  const outputs: Finished[] = [];
  beforeAll(async () => {
    const port = await freePort();
    const args = ["--stateful", "--port", String(port), "--review-ms", String(reviewMs), "--quiet"];
    mock = start(process.execPath, [requireBuild("mock-cli.js"), ...args]);
    await mock.waitFor("mock listening on");
    url = `http://127.0.0.1:${port}`;
  }, 60_000);
  afterAll(async () => {
    if (!mock) return;
    mock.child.kill("SIGTERM");
    expect((await mock.done).code).toBe(0);
  });
  return {
    baseUrl: () => url,
    outputs,
    async enable(...args) {
      const result = await run(process.execPath, [cli(), ...args, "--base-url", url], { env: CLI_ENV });
      outputs.push(result);
      return result;
    },
  };
}

/** The outcome lines of a batch journal (not the "sending" ones, nor the target line). */
export async function journalOutcomes(path: string) {
  return (await readFile(path, "utf8"))
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((line) => line.clientId !== undefined && line.state !== "sending");
}
