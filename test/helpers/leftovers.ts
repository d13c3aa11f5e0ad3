/**
 * Which processes a test run left behind. The run marks its environment with an id of its own;
 * every process it starts inherits it, even one whose parent died and that was re-parented. After
 * the run, any process still carrying the id (other than the run's own) is a leftover.
 */
import { readdirSync, readFileSync } from "node:fs";

const MARK = "CRYPTOMATE_TEST_RUN";

/** Marks this process's environment, inherited by every process the run starts; returns the id. */
export function markRun(): string {
  const id = `${process.pid}-${Date.now().toString(36)}`;
  process.env[MARK] = id;
  return id;
}

export interface Leftover {
  pid: number;
  command: string;
}

/** Processes carrying `id` now, apart from this one and the test runner's own workers (Linux only). */
function carrying(id: string): Leftover[] {
  let entries: string[];
  try {
    entries = readdirSync("/proc").filter((name) => /^\d+$/.test(name));
  } catch {
    return [];
  }
  const found: Leftover[] = [];
  for (const name of entries) {
    const pid = Number(name);
    if (pid === process.pid) continue;
    try {
      const environ = readFileSync(`/proc/${name}/environ`, "utf8").split("\0");
      if (!environ.includes(`${MARK}=${id}`)) continue;
      const command = readFileSync(`/proc/${name}/cmdline`, "utf8").split("\0").join(" ").trim();
      // A zombie (exited, not yet reaped) has an empty command line; the runner's workers end with it.
      if (command === "" || /node_modules\/(vitest|tinypool)\//.test(command)) continue;
      found.push({ pid, command });
    } catch {
      // Gone meanwhile, or not ours to read.
    }
  }
  return found;
}

/**
 * The processes still carrying `id` after a grace period for those exiting now; each is killed,
 * so that a failing run leaves nothing running either.
 */
export async function leftoversOf(id: string, graceMs = 5_000): Promise<Leftover[]> {
  const deadline = Date.now() + graceMs;
  let found = carrying(id);
  while (found.length > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    found = carrying(id);
  }
  for (const { pid } of found) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // Already gone.
    }
  }
  return found;
}
