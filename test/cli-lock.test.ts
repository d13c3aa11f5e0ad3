import { existsSync } from "node:fs";
import { readFile, symlink, writeFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { CLI_ENV, cli, penalizingServerPerTest, tempDirPerFile } from "./helpers/cli.js";
import { type Running, run, start } from "./helpers/process.js";

const files = tempDirPerFile("cryptomate-lock-");
const penalize = penalizingServerPerTest();
const env = CLI_ENV;

async function ids(name: string, count: number) {
  const path = files.path(name);
  await writeFile(path, `${Array.from({ length: count }, (_, i) => `${name}-${i}`).join("\n")}\n`);
  return path;
}

/** Starts a batch slow enough to still be running while the test looks at it. */
async function slowRun(name: string) {
  const server = await penalize({ latencyMs: 300 });
  const input = await ids(`${name}.txt`, 90);
  const out = files.path(`${name}.jsonl`);
  const args = [cli(), "batch", input, "--out", out, "--base-url", server.url];
  const first = start(process.execPath, args, { env });
  while (server.stats.received < 1) {
    if (first.child.exitCode !== null) throw new Error(`the batch ended early:\n${first.output().stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return { server, input, out, args, first };
}

async function interrupt(running: Running) {
  running.child.kill("SIGINT");
  return running.done;
}

describe("cryptomate-enable batch holds its journal for the whole run", () => {
  it("refuses a second run on the same journal in one line naming the first run's pid", async () => {
    const { server, out, args, first } = await slowRun("twice");
    const second = await run(process.execPath, args, { env });
    expect(second.code).toBe(2);
    const lines = second.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain("another run");
    expect(lines[0]).toContain(`pid ${first.child.pid}`);
    expect(lines[0]).toContain(out);

    const stopped = await interrupt(first);
    expect(stopped.code, stopped.stderr).toBe(130);
    expect(existsSync(`${out}.lock`)).toBe(false);
    // Only the first run sent anything, and nothing twice.
    expect([...server.stats.byClient.values()].every((count) => count === 1)).toBe(true);

    const resumed = await run(process.execPath, args, { env });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(server.stats.accepted).toBe(90);
    expect([...server.stats.acceptedByClient.values()].every((count) => count === 1)).toBe(true);
    expect(existsSync(`${out}.lock`)).toBe(false);
  });

  it("refuses a second run that names the same journal through a symbolic link", async () => {
    const { out, args, first } = await slowRun("linked");
    const link = files.path("linked-alias.jsonl");
    await symlink(out, link);
    const second = await run(
      process.execPath,
      args.map((arg) => (arg === out ? link : arg)),
      { env },
    );
    expect(second.code, second.stderr).toBe(2);
    expect(second.stderr).toContain("another run");
    const stopped = await interrupt(first);
    expect(stopped.code, stopped.stderr).toBe(130);
  });

  it("lets a dry run read the journal while a run holds it, and says so", async () => {
    const { out, args, first } = await slowRun("dry-held");
    const lockBefore = await readFile(`${out}.lock`, "utf8");
    const dry = await run(process.execPath, [...args, "--dry-run"], { env: { CRYPTOMATE_API_KEY: "" } });
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stderr).toContain(`another run (pid ${first.child.pid})`);
    expect(dry.stderr).toContain("Dry run: would send");
    expect(await readFile(`${out}.lock`, "utf8")).toBe(lockBefore);
    expect((await interrupt(first)).code).toBe(130);
    expect(existsSync(`${out}.lock`)).toBe(false);
  });

  it("takes over at once the lock of a run killed with SIGKILL", async () => {
    const { args, out, first } = await slowRun("killed");
    first.child.kill("SIGKILL");
    await first.done;
    expect(existsSync(`${out}.lock`)).toBe(true);
    const second = await run(process.execPath, args, { env });
    // Ids on the wire when the first run died were in doubt: settled from their products.
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).not.toContain("another run");
    expect(second.stderr).toContain(`pid ${first.child.pid}`);
    expect(second.stderr).toMatch(/Done: \d+ succeeded/);
    expect(existsSync(`${out}.lock`)).toBe(false);
  });

  it("refuses a lock held from another host, naming it, since it cannot tell whether that run is alive", async () => {
    const server = await penalize();
    const input = await ids("remote.txt", 2);
    const out = files.path("remote.jsonl");
    await writeFile(`${out}.lock`, `${JSON.stringify({ pid: 4242, hostname: "elsewhere.example", at: "x" })}\n`);
    const result = await run(process.execPath, [cli(), "batch", input, "--out", out, "--base-url", server.url], {
      env,
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("pid 4242 on elsewhere.example");
    expect(server.stats.received).toBe(0);
    expect(existsSync(`${out}.lock`)).toBe(true);
  });

  it("releases the lock after a usage error found once it was taken, and after a normal end", async () => {
    const server = await penalize();
    const input = await ids("released.txt", 3);
    const out = files.path("released.jsonl");
    const args = [cli(), "batch", input, "--out", out, "--base-url", server.url];
    const noKey = await run(process.execPath, args, { env: { ...env, CRYPTOMATE_API_KEY: "" } });
    expect(noKey.code).toBe(2);
    expect(noKey.stderr).toContain("CRYPTOMATE_API_KEY is not set");
    expect(existsSync(`${out}.lock`)).toBe(false);
    const done = await run(process.execPath, args, { env });
    expect(done.code, done.stderr).toBe(0);
    expect(existsSync(`${out}.lock`)).toBe(false);
  });

  it("releases the lock when interrupted while it reads the input, before sending", async () => {
    const input = await ids("planning.txt", 1_000_000);
    const out = files.path("planning.jsonl");
    const running = start(process.execPath, [cli(), "batch", input, "--out", out, "--base-url", "http://127.0.0.1:9"], {
      env,
    });
    while (!existsSync(`${out}.lock`)) {
      if (running.child.exitCode !== null) throw new Error(`the batch ended early:\n${running.output().stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    const stopped = await interrupt(running);
    expect(stopped.signal, stopped.stderr).toBe("SIGINT");
    expect(existsSync(`${out}.lock`)).toBe(false);
  });

  it("releases the lock on SIGTERM", async () => {
    const { out, first } = await slowRun("term");
    first.child.kill("SIGTERM");
    const stopped = await first.done;
    expect(stopped.code, stopped.stderr).toBe(130);
    expect(existsSync(`${out}.lock`)).toBe(false);
  });
});
