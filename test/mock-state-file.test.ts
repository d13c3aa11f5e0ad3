/**
 * `--state-file`: the sandboxes outlive the process. A client created, the process killed with
 * SIGKILL (no chance to save on the way out), a new process on the same file: the client is
 * still there, still its key's only. A file that cannot be used stops the start, naming it.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { freePort, MockStateFileError, startMock } from "../src/mock/start.js";
import { PERSON } from "./helpers/flow.js";
import { type Running, requireBuild, run, start } from "./helpers/process.js";

const BASE = "/management/clients/individuals";
const KEY = "state-file-team-key-5a1e";
const directory = mkdtempSync(join(tmpdir(), "mock-state-"));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

async function launch(file: string): Promise<{ url: string; mock: Running }> {
  const port = await freePort();
  const mock = start(process.execPath, [
    requireBuild("mock-cli.js"),
    "--stateful",
    "--state-file",
    file,
    "--port",
    String(port),
    "--quiet",
  ]);
  await mock.waitFor("mock listening on");
  return { url: `http://127.0.0.1:${port}`, mock };
}

const call = (url: string, key: string, method: string, path: string, body?: unknown) =>
  fetch(`${url}${path}`, {
    method,
    headers: { "x-api-key": key, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

describe("--state-file", () => {
  it("keeps a client across a SIGKILL and a restart, in its key's sandbox only", async () => {
    const file = join(directory, "state.json");
    const first = await launch(file);
    const created = await call(first.url, KEY, "POST", BASE, { ...PERSON, email: "kept@example.com" });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const requested = await call(first.url, KEY, "POST", `${BASE}/${id}/products`, { subproduct: "ramps_cards" });
    expect(requested.status).toBe(201);
    const { id: requestId } = (await requested.json()) as { id: string };
    // Written a moment after the change: wait until the file holds the request, then kill.
    await expect
      .poll(() => {
        try {
          return readFileSync(file, "utf8");
        } catch {
          return "";
        }
      })
      .toContain(requestId);
    expect(readFileSync(file, "utf8")).not.toContain(KEY);
    first.mock.child.kill("SIGKILL");
    expect((await first.mock.done).signal).toBe("SIGKILL");

    const second = await launch(file);
    try {
      const read = await call(second.url, KEY, "GET", `${BASE}/${id}`);
      expect(read.status).toBe(200);
      expect(await read.json()).toMatchObject({ id, email: "kept@example.com" });
      const list = await call(second.url, KEY, "GET", `${BASE}/${id}/products`);
      expect(await list.json()).toEqual([expect.objectContaining({ id: requestId, status: "pending_documentation" })]);
      expect((await call(second.url, "another-key", "GET", `${BASE}/${id}`)).status).toBe(404);
      // The email index came back too.
      expect((await call(second.url, KEY, "POST", BASE, { ...PERSON, email: "kept@example.com" })).status).toBe(400);
    } finally {
      second.mock.child.kill("SIGTERM");
      expect((await second.mock.done).code).toBe(0);
    }
  });

  it("saves on stop(), and startMock rejects a corrupt file with an error naming it", async () => {
    const file = join(directory, "stopped.json");
    const mock = await startMock({ stateful: true, stateFile: file });
    const created = await call(mock.url, KEY, "POST", BASE, { ...PERSON, email: "stopped@example.com" });
    const { id } = (await created.json()) as { id: string };
    await mock.stop();
    expect(readFileSync(file, "utf8")).toContain(id);

    const corrupt = join(directory, "corrupt.json");
    writeFileSync(corrupt, '{"format":"cryptomate-enable-mock-state","version":1,"sandboxes":[');
    await expect(startMock({ stateful: true, stateFile: corrupt })).rejects.toThrow(MockStateFileError);
    await expect(startMock({ stateful: true, stateFile: corrupt })).rejects.toThrow(
      `cannot use the state file ${corrupt}: it is not JSON`,
    );
    await expect(startMock({ stateFile: file })).rejects.toThrow("stateFile goes with stateful");
  });

  it("writes a missing file at start, and refuses one it cannot write, such as in a missing folder", async () => {
    const fresh = join(directory, "fresh.json");
    const mock = await startMock({ stateful: true, stateFile: fresh });
    try {
      expect(JSON.parse(readFileSync(fresh, "utf8"))).toMatchObject({ sandboxes: [] });
    } finally {
      await mock.stop();
    }
    const nowhere = join(directory, "no-such-folder", "state.json");
    await expect(startMock({ stateful: true, stateFile: nowhere })).rejects.toThrow(
      `cannot use the state file ${nowhere}: it cannot be written`,
    );
  });

  it("the command exits 1 naming a file it cannot use, and 2 for --state-file without --stateful", async () => {
    const other = join(directory, "other.json");
    writeFileSync(other, JSON.stringify({ hello: "world" }));
    const port = String(await freePort());
    const finished = await run(process.execPath, [
      requireBuild("mock-cli.js"),
      "--stateful",
      "--state-file",
      other,
      "--port",
      port,
    ]);
    expect(finished.code).toBe(1);
    expect(finished.stderr).toContain(
      `cannot use the state file ${other}: it is not a state file of cryptomate-enable-mock`,
    );
    const alone = await run(process.execPath, [requireBuild("mock-cli.js"), "--state-file", other]);
    expect(alone.code).toBe(2);
    expect(alone.stderr).toContain("--state-file goes with --stateful");
  });
});
