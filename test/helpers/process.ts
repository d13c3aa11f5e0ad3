import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";

export const root = new URL("../../", import.meta.url).pathname;

/** Commands run from dist/: `npm test` builds it first. */
export function requireBuild(entry: string): string {
  const path = `${root}dist/${entry}`;
  if (!existsSync(path)) throw new Error(`${path} is missing: run npm run build (npm test does it first)`);
  return path;
}

export interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface Running {
  child: ChildProcess;
  output(): { stdout: string; stderr: string };
  /** Resolves when the text appears on stdout or stderr. */
  waitFor(text: string | RegExp, timeoutMs?: number): Promise<void>;
  done: Promise<Finished>;
}

/** Starts a real process; it is killed by pid if the test forgets it. */
export function start(
  command: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; input?: string } = {},
): Running {
  const child = spawn(command, args, {
    cwd: root,
    env: { ...process.env, ...options.env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  const listeners = new Set<() => void>();
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk;
    for (const listener of listeners) listener();
  });
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk;
    for (const listener of listeners) listener();
  });
  child.stdin.end(options.input ?? "");
  const done = new Promise<Finished>((resolve) => {
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return {
    child,
    output: () => ({ stdout, stderr }),
    done,
    waitFor(text, timeoutMs = 60_000) {
      const seen = () => (typeof text === "string" ? (stdout + stderr).includes(text) : text.test(stdout + stderr));
      if (seen()) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`timed out waiting for ${text}\nstdout:\n${stdout}\nstderr:\n${stderr}`));
        }, timeoutMs);
        const check = () => {
          if (!seen()) return;
          clearTimeout(timer);
          listeners.delete(check);
          resolve();
        };
        listeners.add(check);
        void done.then(() => {
          if (!seen()) {
            clearTimeout(timer);
            listeners.delete(check);
            reject(new Error(`process ended before ${text}\nstdout:\n${stdout}\nstderr:\n${stderr}`));
          }
        });
      });
    },
  };
}

/** Runs a process to the end. */
export function run(command: string, args: string[], options: { env?: NodeJS.ProcessEnv; input?: string } = {}) {
  return start(command, args, options).done;
}
