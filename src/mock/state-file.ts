/**
 * `--state-file`: the stateful mock's sandboxes kept in a file across restarts (Node only). The
 * file is written a moment after each change (debounced, so a burst of calls costs one write),
 * to a temporary file that is flushed to disk and then renamed over the old one: a crash or a
 * SIGKILL leaves either the old file or the new one, never half of one, and loses at most the
 * changes of the last moment. API keys are not in it, only the ids of their sandboxes.
 */
import { readFileSync } from "node:fs";
import { open, rename, unlink } from "node:fs/promises";
import type { SandboxDump } from "./state/machine.js";
import type { StoredRequest } from "./state/types.js";

/** How long after a change the file is written, in milliseconds. */
export const STATE_FILE_DELAY_MS = 100;

const FORMAT = "cryptomate-enable-mock-state";
const VERSION = 1;

/** A state file that exists but cannot be used: unreadable, not JSON, or not a state file. */
export class MockStateFileError extends Error {
  override name = "MockStateFileError";
  constructor(
    readonly path: string,
    reason: string,
  ) {
    super(`cannot use the state file ${path}: ${reason}`);
  }
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** Why a saved sandbox is not one, or undefined when it is. */
function sandboxProblem(sandbox: unknown, index: number): string | undefined {
  const at = `sandboxes[${index}]`;
  if (!isObject(sandbox) || typeof sandbox.id !== "string" || !Array.isArray(sandbox.clients)) {
    return `${at} is not a sandbox`;
  }
  for (const [n, entry] of sandbox.clients.entries()) {
    const client = isObject(entry) ? entry.client : undefined;
    const ok =
      isObject(entry) &&
      isObject(client) &&
      typeof client.id === "string" &&
      isObject(client.input) &&
      typeof client.input.email === "string" &&
      typeof client.createdAt === "number" &&
      Array.isArray(entry.requests) &&
      entry.requests.every(
        (request) =>
          isObject(request) &&
          typeof request.id === "string" &&
          request.clientId === client.id &&
          typeof request.sequence === "number" &&
          Array.isArray(request.documents) &&
          Array.isArray(request.accepted) &&
          Array.isArray(request.data),
      );
    if (!ok) return `${at}.clients[${n}] is not a client with its requests`;
  }
  return undefined;
}

/** The sandboxes saved in `path`; undefined when there is no such file yet. Throws MockStateFileError. */
export function readStateFile(path: string): SandboxDump | undefined {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new MockStateFileError(path, (error as Error).message);
  }
  let saved: unknown;
  try {
    saved = JSON.parse(text);
  } catch (error) {
    throw new MockStateFileError(path, `it is not JSON (${(error as Error).message})`);
  }
  if (!isObject(saved) || saved.format !== FORMAT || !Array.isArray(saved.sandboxes)) {
    throw new MockStateFileError(path, `it is not a state file of cryptomate-enable-mock`);
  }
  if (saved.version !== VERSION) {
    throw new MockStateFileError(path, `it is of version ${String(saved.version)}; this mock reads version ${VERSION}`);
  }
  for (const [index, sandbox] of saved.sandboxes.entries()) {
    const problem = sandboxProblem(sandbox, index);
    if (problem) throw new MockStateFileError(path, problem);
  }
  return (saved.sandboxes as SandboxDump).map(({ id, clients }) => ({
    id,
    clients: clients.map(({ client, requests }) => ({
      client,
      requests: requests.map((request) => ({
        ...request,
        accepted: new Set(request.accepted as unknown as string[]),
      })),
    })),
  }));
}

/** The file's text for `dump`: the Set of each request as an array. */
function textOf(dump: SandboxDump): string {
  const sandboxes = dump.map(({ id, clients }) => ({
    id,
    clients: clients.map(({ client, requests }) => ({
      client,
      requests: requests.map((request: StoredRequest) => ({ ...request, accepted: [...request.accepted] })),
    })),
  }));
  return JSON.stringify({ format: FORMAT, version: VERSION, savedAt: new Date().toISOString(), sandboxes });
}

/** Writes `text` to `path` whole or not at all: a temporary file, flushed, renamed over it. */
async function writeAtomically(path: string, text: string): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  const handle = await open(temporary, "w", 0o600);
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temporary, path);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
}

/**
 * Saves `dump()` to `path` STATE_FILE_DELAY_MS after a change, one write at a time; `flush`
 * writes what is pending now (on stop). A failed write is reported to `onError` and tried again
 * at the next change.
 */
export function createStateSaver(path: string, dump: () => SandboxDump, onError: (message: string) => void) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let dirty = false;
  let writing: Promise<void> = Promise.resolve();

  const write = (): Promise<void> => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    writing = writing.then(async () => {
      if (!dirty) return;
      dirty = false;
      try {
        await writeAtomically(path, textOf(dump()));
      } catch (error) {
        onError(`could not write the state file ${path}: ${(error as Error).message}`);
      }
    });
    return writing;
  };

  return {
    changed(): void {
      dirty = true;
      if (timer) return;
      timer = setTimeout(() => void write(), STATE_FILE_DELAY_MS);
      timer.unref?.();
    },
    flush: (): Promise<void> => write(),
    /** Writes the state now, at start: a file that cannot be written stops the start, named. */
    async check(): Promise<void> {
      try {
        await writeAtomically(path, textOf(dump()));
      } catch (error) {
        throw new MockStateFileError(path, `it cannot be written (${(error as Error).message})`);
      }
    },
  };
}
