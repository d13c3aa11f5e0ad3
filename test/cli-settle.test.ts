/**
 * The CLI as a process against real local servers: a resend's 409 credited only with a request
 * the run could have made, a products read answering 404 taken as a definite failure, and
 * `request` on an active client naming that request.
 */
import { readFile, writeFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { CLI_ENV, cli, tempDirPerFile } from "./helpers/cli.js";
import { run } from "./helpers/process.js";
import { SEED_CLIENT_ID, seedResponse, sendJson, serverPerTest } from "./helpers/server.js";

const files = tempDirPerFile("cryptomate-settle-");
const serve = serverPerTest();
const env = CLI_ENV;
const ACTIVE = { code: "VAL", message: "An enablement request is already active for this product" };
/** A request made in 2024 and under review since. */
const OLD = {
  ...seedResponse,
  id: "req_since_2024",
  status: "in_kyc",
  created_at: "2024-03-01T09:00:00",
  updated_at: "2024-03-02T09:00:00",
};

type Line = Record<string, unknown> & { clientId?: string; state?: string };

async function lines(path: string): Promise<Line[]> {
  return (await readFile(path, "utf8"))
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Line);
}

async function batch(name: string, ids: string[], url: string, extra: string[] = []) {
  const input = files.path(`${name}.txt`);
  const out = files.path(`${name}.jsonl`);
  await writeFile(input, `${ids.join("\n")}\n`);
  const result = await run(process.execPath, [cli(), "batch", input, "--out", out, "--base-url", url, ...extra], {
    env,
  });
  return { result, out };
}

describe("cryptomate-enable batch: a resend's 409 and someone else's request", () => {
  it("a proxy's 502 then a 409 for a client with a request from 2024 is already_active, with that request", async () => {
    let posts = 0;
    const server = await serve((req, res) => {
      if (req.method === "GET") return sendJson(res, 200, [OLD]);
      if (posts++ === 0) {
        res.writeHead(502, { "content-type": "text/html" });
        res.end("<html><body>502 Bad Gateway</body></html>");
        return;
      }
      sendJson(res, 409, ACTIVE);
    });
    const { result, out } = await batch("old", [SEED_CLIENT_ID], server.url);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain("1 already active");
    expect((await lines(out)).at(-1)).toMatchObject({
      clientId: SEED_CLIENT_ID,
      state: "already_active",
      id: "req_since_2024",
      status: "in_kyc",
    });
  });
});

describe("cryptomate-enable batch: a products read answering 404", () => {
  it("settles an id in doubt as failed on the rerun, and the next run sends it again", async () => {
    let exists = true;
    const server = await serve((req, res) => {
      if (req.method === "POST" && exists) return sendJson(res, 503, { code: "DOWN", message: "later" });
      sendJson(res, 404, { code: "NOT_FOUND", message: "Resource not found" });
    });
    const first = await batch("gone", ["ghost"], server.url);
    expect(first.result.code).toBe(1);
    expect((await lines(first.out)).at(-1)).toMatchObject({ clientId: "ghost", state: "in_doubt" });

    exists = false;
    const posts = () => server.requests.filter((sent) => sent.method === "POST").length;
    const sentBefore = posts();
    const second = await batch("gone", ["ghost"], server.url);
    expect(second.result.code).toBe(1);
    expect(second.result.stderr).not.toContain("1 in doubt");
    expect(posts()).toBe(sentBefore);
    expect((await lines(second.out)).at(-1)).toMatchObject({
      clientId: "ghost",
      state: "failed",
      ok: false,
      status: 404,
      error: "CryptoMateNotFoundError",
    });

    // A failed id is tried again: sent, not read first.
    const third = await batch("gone", ["ghost"], server.url);
    expect(third.result.code).toBe(1);
    expect(posts()).toBe(sentBefore + 1);
  });
});

describe("cryptomate-enable request on a client with an active request", () => {
  it("prints the 409 and the active request's id and status, as batch records them", async () => {
    const server = await serve((req, res) =>
      req.method === "GET"
        ? sendJson(res, 200, [{ ...OLD, status: "pending_documentation" }])
        : sendJson(res, 409, ACTIVE),
    );
    const result = await run(process.execPath, [cli(), "request", SEED_CLIENT_ID, "--base-url", server.url], { env });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("CryptoMateConflictError: 409");
    expect(result.stderr).toContain("Active request for cards_individuals: req_since_2024 (pending_documentation)");
    expect(result.stderr).toContain(`cryptomate-enable status ${SEED_CLIENT_ID} --base-url ${server.url}`);
  });

  it("says so when the active request cannot be read", async () => {
    const server = await serve((req, res) =>
      req.method === "GET" ? sendJson(res, 500, { message: "list down" }) : sendJson(res, 409, ACTIVE),
    );
    const result = await run(process.execPath, [cli(), "request", SEED_CLIENT_ID, "--base-url", server.url], { env });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("CryptoMateConflictError: 409");
    expect(result.stderr).toContain("The active request could not be read: CryptoMateServerError: 500");
  });
});
