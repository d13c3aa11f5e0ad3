/**
 * One run per journal: a batch holds `<out>.lock` for its whole run. The file is created
 * exclusively (O_EXCL) and holds the pid and host name of the run that made it. A lock whose
 * pid is no longer alive on this host was left by a run that died (SIGKILL, power loss) and is
 * taken over at once; a lock from another host (a shared folder) cannot be checked and is
 * refused, with the file named so that a person can delete it.
 */
import {
  closeSync,
  linkSync,
  openSync,
  readFileSync,
  realpathSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from "node:fs";
import { hostname } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import { Refusal, UsageError } from "./args.js";

interface Holder {
  pid: number;
  hostname: string;
  at: string;
}

export interface Lock {
  /** Deletes the lock file if it is still this run's. Safe to call more than once. */
  release(): void;
}

/** A lock file that is empty or not JSON is taken for one being written for this long. */
const WRITING_MS = 2000;
const PAUSE_MS = 20;
/** Attempts before giving up when other runs keep taking and dropping the lock. */
const ATTEMPTS = 200;

/**
 * The journal's own path, links resolved, so that two names for one file share one lock. A
 * journal not written yet is named by its folder's real path.
 */
function canonical(out: string): string {
  try {
    return realpathSync(out);
  } catch {
    try {
      return join(realpathSync(dirname(resolve(out))), basename(out));
    } catch {
      return resolve(out);
    }
  }
}

const lockPath = (out: string) => `${canonical(out)}.lock`;
const pause = () => new Promise((resolve) => setTimeout(resolve, PAUSE_MS));
const codeOf = (error: unknown) => (error as NodeJS.ErrnoException).code ?? String(error);

/** Takes the lock of the journal `out`, or throws a Refusal naming the run that holds it. */
export async function lockJournal(out: string, note: (text: string) => void): Promise<Lock> {
  const path = lockPath(out);
  const text = `${JSON.stringify({ pid: process.pid, hostname: hostname(), at: new Date().toISOString() })}\n`;
  // Set up before the file exists, so that no signal can end the process between the two.
  const lock = releasedOnExit(path, text);
  try {
    return await take(out, path, text, note, lock);
  } catch (error) {
    lock.release();
    throw error;
  }
}

async function take(out: string, path: string, text: string, note: (text: string) => void, lock: Lock) {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    if (create(path, text)) return lock;
    const found = read(path);
    if (found === undefined) continue; // released in the meantime
    const { holder } = found;
    if (holder === undefined && Date.now() - found.mtimeMs < WRITING_MS) {
      await pause();
      continue;
    }
    if (holder !== undefined && holder.hostname !== hostname()) {
      throw new Refusal(
        `another run (pid ${holder.pid} on ${holder.hostname}) holds ${out}: wait for it to end; if it is no ` +
          `longer running (this host cannot tell), delete ${path}`,
      );
    }
    if (holder !== undefined && alive(holder.pid)) {
      throw new Refusal(
        `another run (pid ${holder.pid}, since ${holder.at}) holds ${out}: wait for it to end, or point --out ` +
          `at another file (if no such run is going, delete ${path})`,
      );
    }
    const who = holder ? `pid ${holder.pid}, which is no longer running` : "a run that died while taking it";
    if (takeOver(path, found.text)) note(`Taking over ${path} from ${who}\n`);
  }
  throw new Refusal(`cannot take ${path}: other runs keep taking it`);
}

/** The run holding the lock of `out` (`pid 12` or `pid 12 on host`), unless none or a dead one does. */
export function lockHolder(out: string): string | undefined {
  const holder = read(lockPath(out))?.holder;
  if (holder === undefined) return undefined;
  if (holder.hostname !== hostname()) return `pid ${holder.pid} on ${holder.hostname}`;
  return alive(holder.pid) ? `pid ${holder.pid}` : undefined;
}

function create(path: string, text: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, "wx");
  } catch (error) {
    if (codeOf(error) === "EEXIST") return false;
    throw new UsageError(`cannot create ${path}: ${codeOf(error)}`);
  }
  try {
    writeSync(fd, text);
  } catch (error) {
    closeSync(fd);
    unlinkSync(path);
    throw new UsageError(`cannot write ${path}: ${codeOf(error)}`);
  }
  closeSync(fd);
  return true;
}

function read(path: string): { text: string; mtimeMs: number; holder?: Holder } | undefined {
  let text: string;
  let mtimeMs: number;
  try {
    text = readFileSync(path, "utf8");
    mtimeMs = statSync(path).mtimeMs;
  } catch (error) {
    if (codeOf(error) === "ENOENT") return undefined;
    throw new UsageError(`cannot read ${path}: ${codeOf(error)}`);
  }
  try {
    const value = JSON.parse(text) as Partial<Holder>;
    const { pid, hostname, at } = value;
    if (Number.isInteger(pid) && (pid as number) > 0 && typeof hostname === "string") {
      return { text, mtimeMs, holder: { pid: pid as number, hostname, at: String(at) } };
    }
  } catch {
    // Not JSON: being written, or left by a run that died between creating and writing it.
  }
  return { text, mtimeMs };
}

/** Whether a process with this pid runs on this host (EPERM: it does, as another user). */
function alive(pid: number): boolean {
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return codeOf(error) === "EPERM";
  }
}

/**
 * Removes a dead run's lock. Two runs may find the same dead lock at once: each moves the file
 * aside under its own name and deletes it only if it is still the dead one; a lock that another
 * run took in between is put back.
 */
function takeOver(path: string, deadText: string): boolean {
  const aside = `${path}.${process.pid}.stale`;
  try {
    renameSync(path, aside);
  } catch (error) {
    if (codeOf(error) === "ENOENT") return false;
    throw new UsageError(`cannot take over ${path}: ${codeOf(error)}`);
  }
  if (readFileSync(aside, "utf8") === deadText) {
    unlinkSync(aside);
    return true;
  }
  try {
    linkSync(aside, path);
  } catch (error) {
    // Without hard links (some file systems), a rename puts it back.
    if (codeOf(error) !== "EEXIST") {
      renameSync(aside, path);
      return false;
    }
  }
  unlinkSync(aside);
  return false;
}

/** Deletes the lock file, if it holds `text`, on release, on exit and on a signal that would end the process. */
function releasedOnExit(path: string, text: string): Lock {
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    process.off("exit", release);
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    try {
      if (readFileSync(path, "utf8") === text) unlinkSync(path);
    } catch {
      // Already gone.
    }
  };
  // While ids are sent, the batch has its own handler: it stops sending, records what was in
  // flight and returns, and the lock is released then. Before and after that, the signal
  // would end the process at once: release the lock, then let the signal do so.
  const onSignal = (signal: NodeJS.Signals) => {
    if (process.listenerCount(signal) > 1) return;
    release();
    process.kill(process.pid, signal);
  };
  process.on("exit", release);
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  return { release };
}
