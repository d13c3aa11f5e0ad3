import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll } from "vitest";
import { startPenalizingServer } from "../../scripts/lib/penalizing-server.mjs";
import { requireBuild } from "./process.js";
import { closedAfterEach, TEST_KEY } from "./server.js";

/** The CLI's environment in tests: a key, and no Redis or log level from the developer's shell. */
export const CLI_ENV = { CRYPTOMATE_API_KEY: TEST_KEY, CRYPTOMATE_REDIS_URL: "", CRYPTOMATE_LOG: "" };

/** The built CLI (`npm test` builds it first). */
export const cli = () => requireBuild("cli.js");

/** A temporary folder for one test file, removed after it; `path(name)` names a file in it. */
export function tempDirPerFile(prefix: string): { path(name: string): string } {
  let dir = "";
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), prefix));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  return { path: (name) => join(dir, name) };
}

/** Starts penalizing servers for one test file; each is closed after the test that started it. */
export const penalizingServerPerTest = () => closedAfterEach(startPenalizingServer);
