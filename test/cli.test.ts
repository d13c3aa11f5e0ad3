import { readFile, writeFile } from "node:fs/promises";
import { describe, expect, inject, it } from "vitest";
import { startPenalizingServer } from "../scripts/lib/penalizing-server.mjs";
import { CLI_ENV, cli, penalizingServerPerTest, tempDirPerFile } from "./helpers/cli.js";
import { run, start } from "./helpers/process.js";
import { TEST_KEY } from "./helpers/server.js";

const files = tempDirPerFile("cryptomate-cli-");
const penalize = penalizingServerPerTest();
const env = CLI_ENV;

/** Every line of a journal. */
async function journal(path: string) {
  return (await readFile(path, "utf8"))
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** The outcome lines of a journal (not the "sending" ones, nor the line that records the target). */
async function lines(path: string) {
  return (await journal(path)).filter((line) => line.clientId !== undefined && line.state !== "sending");
}

describe("cryptomate-enable batch", () => {
  it("requests each distinct id once without a 429 and records a 404 with status, code and trace id", async () => {
    const server = await penalize({
      answer: (id) =>
        id === "ghost"
          ? { status: 404, body: { code: "NOT_FOUND", message: "Resource not found", trace_id: "trace-ghost" } }
          : undefined,
    });
    const input = files.path("ids.txt");
    const out = files.path("out-1.jsonl");
    const ids = Array.from({ length: 40 }, (_, i) => `client-${i}`);
    await writeFile(input, ["# clients to enable", ...ids, "", "client-3", "ghost", "client-7", ""].join("\n"));
    const result = await run(process.execPath, [cli(), "batch", input, "--out", out, "--base-url", server.url], {
      env,
    });
    expect(result.code, result.stderr).toBe(1);
    expect(server.stats.rejected).toBe(0);
    expect(server.stats.received).toBe(41);
    expect([...server.stats.byClient.values()].every((count) => count === 1)).toBe(true);
    const recorded = await lines(out);
    expect(recorded).toHaveLength(41);
    expect(recorded.find((line) => line.clientId === "ghost")).toEqual({
      clientId: "ghost",
      state: "failed",
      ok: false,
      status: 404,
      code: "NOT_FOUND",
      error: "CryptoMateNotFoundError",
      message: expect.stringContaining("Resource not found"),
      traceId: "trace-ghost",
    });
    expect(recorded.find((line) => line.clientId === "client-0")).toEqual({
      clientId: "client-0",
      state: "succeeded",
      ok: true,
      id: expect.any(String),
      status: "pending_documentation",
    });
    expect(result.stderr).toMatch(/Done: 40 succeeded, 1 failed \(404: 1\), 0 skipped/);
    expect(result.stderr).toMatch(/progress: 41\/41/);
    expect(result.stderr + result.stdout).not.toContain(TEST_KEY);
  });

  it("reads a CSV with a client_id column", async () => {
    const server = await penalize();
    const input = files.path("ids.csv");
    const out = files.path("out-csv.jsonl");
    await writeFile(input, 'name,client_id\n"Doe, Jane",abc\nRoe,def\n');
    const result = await run(process.execPath, [cli(), "batch", input, "--out", out, "--base-url", server.url], {
      env,
    });
    expect(result.code, result.stderr).toBe(0);
    expect((await lines(out)).map((line) => line.clientId).sort()).toEqual(["abc", "def"]);
  });

  it("stops on SIGINT, records what was in flight, and resumes without sending any id twice", async () => {
    const server = await penalize({ latencyMs: 150 });
    const input = files.path("resume.txt");
    const out = files.path("out-resume.jsonl");
    const ids = Array.from({ length: 90 }, (_, i) => `r-${i}`);
    await writeFile(input, ids.join("\n"));
    const args = [cli(), "batch", input, "--out", out, "--base-url", server.url];
    const first = start(process.execPath, args, { env });
    await first.waitFor(/progress: [1-9]/);
    first.child.kill("SIGINT");
    const interrupted = await first.done;
    expect(interrupted.code, interrupted.stderr).toBe(130);
    expect(interrupted.stderr).toContain("Stopping");
    const afterFirst = await lines(out);
    expect(afterFirst.length).toBeGreaterThan(0);
    expect(afterFirst.length).toBeLessThan(90);
    // Everything the server received in the first run was recorded.
    expect(afterFirst.length).toBe(server.stats.received);

    const second = await run(process.execPath, args, { env });
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toContain(`Skipping ${afterFirst.length} id(s) already recorded`);
    const recorded = await lines(out);
    expect(new Set(recorded.filter((line) => line.ok).map((line) => line.clientId))).toEqual(new Set(ids));
    // Processed exactly once each. (A 429 right after the restart is possible, since the new
    // process cannot know the old one's traffic; it is retried and is not a second enablement.)
    expect(server.stats.accepted).toBe(90);
    expect([...server.stats.acceptedByClient.values()].every((count) => count === 1)).toBe(true);
  });

  it("retries ids recorded as failed on the next run", async () => {
    let fail = true;
    const server = await penalize({
      answer: (id) =>
        id === "flaky" && fail
          ? { status: 412, body: { code: "PRECONDITION_FAILED", message: "screening pending" } }
          : undefined,
    });
    const input = files.path("retry.txt");
    const out = files.path("out-retry.jsonl");
    await writeFile(input, "ok-1\nflaky\n");
    const args = [cli(), "batch", input, "--out", out, "--base-url", server.url];
    expect((await run(process.execPath, args, { env })).code).toBe(1);
    fail = false;
    const second = await run(process.execPath, args, { env });
    expect(second.code, second.stderr).toBe(0);
    expect(server.stats.byClient.get("ok-1")).toBe(1);
    expect(server.stats.byClient.get("flaky")).toBe(2);
  });
});

describe("cryptomate-enable usage errors", () => {
  for (const [name, args, extraEnv, message] of [
    ["an unknown command", ["enable", "x"], env, 'unknown command "enable"'],
    ["no command", [], env, "missing command"],
    ["a missing key", ["request", "abc"], { CRYPTOMATE_API_KEY: "" }, "CRYPTOMATE_API_KEY is not set"],
    [
      "an unreadable input file",
      ["batch", "/nonexistent/ids.txt", "--out", "/tmp/x.jsonl"],
      env,
      "cannot read input file /nonexistent/ids.txt: ENOENT",
    ],
    ["a batch without --out", ["batch", "ids.txt"], env, "batch needs --out"],
    ["an unknown flag", ["request", "abc", "--api-key", "k"], env, "cryptomate-enable: unknown option --api-key\n"],
    ["a flag without its value", ["batch", "ids.txt", "--out"], env, "--out needs a value"],
    ["a client id that is a path step", ["request", ".."], env, 'clientId: cannot be ".."'],
    [
      "a directory as input",
      ["batch", "/tmp", "--out", "/tmp/x.jsonl"],
      env,
      "cannot read input file /tmp: it is a directory",
    ],
    ["status without a client id", ["status"], env, "status needs a client id"],
    ["submit without a request id", ["submit", "abc"], env, "submit needs a product request id"],
    ["an extra argument to submit", ["submit", "abc", "def", "ghi"], env, 'unexpected argument "ghi"'],
    ["a status of a client id that is a path step", ["status", ".."], env, 'clientId: cannot be ".."'],
    ["upload without --type", ["upload", "abc", "def", "--front", "a.jpg"], env, "upload needs --type"],
    [
      "upload with a --type that is not an identifier",
      ["upload", "abc", "def", "--type", "pass port", "--front", "a.jpg"],
      env,
      '--type must be a document type such as passport, got "pass port"',
    ],
    ["upload without --front", ["upload", "abc", "def", "--type", "passport"], env, "upload needs --front"],
    [
      "plain http to a remote host",
      ["request", "abc", "--base-url", "http://example.com"],
      env,
      "--base-url must use https:",
    ],
  ] as const) {
    it(`exits 2 naming ${name}`, async () => {
      const result = await run(process.execPath, [cli(), ...args], { env: extraEnv });
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(message);
      // The problem and a pointer to --help: two lines, not the whole help.
      expect(result.stderr).toContain("Run cryptomate-enable --help for usage.");
      expect(result.stderr).not.toContain("Usage:");
      expect(result.stderr.trim().split("\n")).toHaveLength(2);
    });
  }
});

describe("cryptomate-enable --help", () => {
  it("--help lists the flow's commands", async () => {
    const result = await run(process.execPath, [cli(), "--help"], { env: CLI_ENV });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("cryptomate-enable status <clientId> [--json]");
    expect(result.stdout).toContain(
      "cryptomate-enable upload <clientId> <productRequestId> --type <document_type> --front <file>",
    );
    expect(result.stdout).toContain("[--back <file>] [--meta key=value ...] [--replace] [--json]");
    expect(result.stdout).toContain("cryptomate-enable submit <clientId> <productRequestId> [--json]");
  });
});

describe("cryptomate-enable request", () => {
  const prismUrl = inject("prismUrl");

  it("prints the checklist", async () => {
    const result = await run(
      process.execPath,
      [cli(), "request", "4QWq1rQtjnLM0wMswTRY9AmM4XTvY4GG", "--base-url", prismUrl],
      { env },
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("status:  pending documentation");
    expect(result.stdout).toContain("- Passport (passport), needs front image");
  });

  it("prints raw JSON with --json", async () => {
    const result = await run(process.execPath, [cli(), "request", "abc", "--json", "--base-url", prismUrl], { env });
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      id: "2VvyMx6rNLRB1W9euCyJGe46qyoiVPzh",
      status: "pending_documentation",
    });
  });

  it("exits 1 with the error on an API failure", async () => {
    const server404 = await startPenalizingServer({
      answer: () => ({ status: 404, body: { code: "NOT_FOUND", message: "Resource not found", trace_id: "t1" } }),
    });
    try {
      const result = await run(process.execPath, [cli(), "request", "nobody", "--base-url", server404.url], { env });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain("CryptoMateNotFoundError: 404 Not Found");
      expect(result.stderr).toContain("(trace t1)");
    } finally {
      await server404.close();
    }
  });
});
