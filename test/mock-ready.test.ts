import { connect } from "node:net";
import { describe, expect, it } from "vitest";
import { freePort, startMock } from "../src/mock/start.js";
import { requireBuild, start } from "./helpers/process.js";
import { SEED_CLIENT_ID } from "./helpers/server.js";

const PATH = `/management/clients/individuals/${SEED_CLIENT_ID}/products`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One call of the flow; resolves to its status, or to the error's message if it had none. */
async function call(url: string): Promise<number | string> {
  try {
    const response = await fetch(`${url}${PATH}`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-api-key": "k" },
      body: JSON.stringify({ subproduct: "cards_individuals" }),
      signal: AbortSignal.timeout(70_000),
    });
    const text = await response.text();
    return response.status === 201 ? 201 : `${response.status} ${text}`;
  } catch (error) {
    return `failed: ${(error as Error).message}`;
  }
}

/** Whether a TCP connection to the port is accepted now. */
function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1", () => {
      socket.destroy();
      resolve(true);
    });
    socket.on("error", () => resolve(false));
  });
}

describe("a starting mock", () => {
  it("holds calls that arrive while Prism starts and answers them, and prints its banner once it answers", async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const mock = start(process.execPath, [requireBuild("mock-cli.js"), "--port", String(port), "--quiet"]);
    try {
      const deadline = Date.now() + 60_000;
      while (!(await accepts(port))) {
        if (Date.now() > deadline || mock.child.exitCode !== null) throw new Error(`the mock never listened`);
        await sleep(10);
      }
      // Calls from the first moment the port accepts, until a while after the banner.
      const calls: Promise<number | string>[] = [];
      let bannerAt: number | undefined;
      const banner = mock.waitFor("mock listening on").then(() => {
        bannerAt = calls.length;
      });
      while (calls.length < 400 && (bannerAt === undefined || calls.length < bannerAt + 5)) {
        calls.push(call(url));
        await sleep(25);
      }
      await banner;
      const failed = (await Promise.all(calls)).filter((outcome) => outcome !== 201);
      expect(failed, `${failed.length} of ${calls.length} calls`).toEqual([]);
      expect(await call(url)).toBe(201);
    } finally {
      mock.child.kill("SIGKILL");
      await mock.done;
    }
  }, 120_000);
});

describe("a mock whose Prism is killed", () => {
  it("holds calls while Prism restarts, and answers every one", async () => {
    const mock = await startMock();
    try {
      expect(await call(mock.url)).toBe(201);
      const first = mock.pid;
      // Some calls are on their way to Prism when it dies; more arrive while it restarts.
      const calls = Array.from({ length: 10 }, () => call(mock.url));
      process.kill(first, "SIGKILL");
      const deadline = Date.now() + 60_000;
      let after = 0;
      // Calls until a few have gone to the restarted Prism.
      while (after < 5 && Date.now() < deadline) {
        if (mock.restarts > 0) after++;
        calls.push(call(mock.url));
        await sleep(25);
      }
      expect(mock.restarts).toBe(1);
      expect(mock.pid).not.toBe(first);
      const failed = (await Promise.all(calls)).filter((outcome) => outcome !== 201);
      expect(failed, `${failed.length} of ${calls.length} calls`).toEqual([]);
    } finally {
      await mock.stop();
    }
  }, 120_000);
});
