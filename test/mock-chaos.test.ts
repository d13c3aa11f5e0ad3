/**
 * `--chaos`: a seeded fault profile. The same seed gives the same faults, run after run, from
 * `cryptomate-enable-mock --stateful` as a process and from the stateful MSW handlers alike; a
 * 500 before processing changes nothing, one after processing keeps what the call did; a call's
 * `Prefer: chaos="…"` turns faults on (or off) for it alone, in the examples mode too; and no
 * fault touches `/__mock/*`.
 */
import { setupServer } from "msw/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENVIRONMENTS } from "../src/index.js";
import { createMockHandlers } from "../src/mock/msw.js";
import { freePort, startMock } from "../src/mock/start.js";
import { PERSON } from "./helpers/flow.js";
import { requireBuild, run, start } from "./helpers/process.js";

const PROFILE = "seed=11,latency=0-3,429=0.12,5xx-before=0.12,5xx-after=0.12,drop-before=0.08,drop=0.08,retry-after=0";
const BASE = "/management/clients/individuals";
const TEAMS = 6;
const STEPS = 5;

interface Outcome {
  call: string;
  /** The status and the fault the mock named, or `dropped`. */
  seen: string;
}

/**
 * A fixed script, played by TEAMS teams at once, each with its own API key and one step at a
 * time: create a client (again after a failure), read it, request a product, list its products.
 */
async function play(url: string): Promise<Outcome[][]> {
  const team = async (t: number): Promise<Outcome[]> => {
    const headers = { "x-api-key": `team-${t}`, "content-type": "application/json" };
    const outcomes: Outcome[] = [];
    const send = async (call: string, method: string, path: string, body?: unknown) => {
      let seen: string;
      let json: { id?: string } | undefined;
      try {
        const response = await fetch(`${url}${path}`, {
          method,
          headers,
          ...(body ? { body: JSON.stringify(body) } : {}),
        });
        json = await response.json();
        seen = `${response.status} ${response.headers.get("x-mock-chaos") ?? ""}`.trim();
      } catch {
        seen = "dropped";
      }
      outcomes.push({ call, seen });
      return json;
    };
    for (let step = 0; step < STEPS; step++) {
      const email = `chaos-${t}-${step}@example.com`;
      const created = await send("create", "POST", BASE, { ...PERSON, email });
      const id = created?.id;
      if (!id) continue;
      await send("get", "GET", `${BASE}/${id}`);
      await send("request", "POST", `${BASE}/${id}/products`, { subproduct: "cards_individuals" });
      await send("list", "GET", `${BASE}/${id}/products`);
    }
    return outcomes;
  };
  return Promise.all(Array.from({ length: TEAMS }, (_, t) => team(t)));
}

/** `cryptomate-enable-mock --stateful --chaos …` as a process: the script's outcomes, then it stops. */
async function playProcess(profile: string): Promise<Outcome[][]> {
  const port = await freePort();
  const mock = start(process.execPath, [
    requireBuild("mock-cli.js"),
    "--stateful",
    "--quiet",
    "--port",
    String(port),
    "--chaos",
    profile,
  ]);
  try {
    await mock.waitFor("mock listening on");
    expect(mock.output().stdout).toContain("Chaos: seed=");
    return await play(`http://127.0.0.1:${port}`);
  } finally {
    mock.child.kill("SIGTERM");
    expect((await mock.done).code).toBe(0);
  }
}

const seenOf = (outcomes: Outcome[][]) => outcomes.flat().map((outcome) => outcome.seen);

describe("--chaos with a fixed seed", () => {
  let first: Outcome[][];

  it("gives the same faults twice, to teams calling at once", async () => {
    first = await playProcess(PROFILE);
    const again = await playProcess(PROFILE);
    expect(again).toEqual(first);
    // Every fault of the profile happened, and so did plain answers.
    const seen = new Set(seenOf(first));
    for (const expected of ["201", "200", "429 429", "500 5xx-before", "500 5xx-after", "dropped"]) {
      expect(seen, expected).toContain(expected);
    }
    // Another seed, other faults.
    const other = await playProcess(PROFILE.replace("seed=11", "seed=12"));
    expect(seenOf(other)).not.toEqual(seenOf(first));
  }, 60_000);

  it("gives the same faults from the stateful MSW handlers", async () => {
    const server = setupServer(...createMockHandlers({ stateful: true, chaos: PROFILE }));
    server.listen({ onUnhandledRequest: "error" });
    try {
      expect(await play(ENVIRONMENTS.production)).toEqual(first);
    } finally {
      server.close();
    }
  });
});

describe("faults before and after processing, in the stateful mode", () => {
  const server = setupServer(...createMockHandlers({ stateful: true }));
  beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
  afterAll(() => server.close());
  const url = `${ENVIRONMENTS.sandbox}${BASE}`;
  const create = (email: string, prefer?: string) =>
    fetch(url, {
      method: "POST",
      headers: { "x-api-key": "k", "content-type": "application/json", ...(prefer ? { prefer } : {}) },
      body: JSON.stringify({ ...PERSON, email }),
    });

  it("a 500 before processing keeps nothing; one after keeps the client; a drop after keeps it too", async () => {
    const before = await create("before@example.com", 'chaos="5xx-before=1"');
    expect(before.status).toBe(500);
    expect(before.headers.get("x-mock-chaos")).toBe("5xx-before");
    expect((await create("before@example.com")).status).toBe(201);

    const after = await create("after@example.com", 'chaos="5xx-after=1"');
    expect(after.status).toBe(500);
    expect(after.headers.get("x-mock-chaos")).toBe("5xx-after");
    expect((await create("after@example.com")).status).toBe(400);

    await expect(create("dropped@example.com", "chaos=drop=1")).rejects.toThrow();
    expect((await create("dropped@example.com")).status).toBe(400);
    await expect(create("dropped-first@example.com", "chaos=drop-before=1")).rejects.toThrow();
    expect((await create("dropped-first@example.com")).status).toBe(201);
  });

  it("refuses a Prefer: chaos it cannot read, naming the item", async () => {
    const refused = await create("refused@example.com", 'chaos="429=2"');
    expect(refused.status).toBe(400);
    expect((await refused.json()).message).toContain("chaos 429 must be a rate from 0 to 1, got 2");
  });
});

describe("Prefer: chaos in the examples mode (Prism behind the front)", () => {
  it("turns faults on for one call, keeps scenario ids working, and spares /__mock/*", async () => {
    const mock = await startMock({ chaos: "seed=3" });
    try {
      const get = (id: string, prefer?: string) =>
        fetch(`${mock.url}${BASE}/${id}`, { headers: { "x-api-key": "k", ...(prefer ? { prefer } : {}) } });
      // The server's profile has no fault rates: calls are answered as usual.
      expect((await get("4QWq1rQtjnLM0wMswTRY9AmM4XTvY4GG")).status).toBe(200);
      const limited = await get("4QWq1rQtjnLM0wMswTRY9AmM4XTvY4GG", 'chaos="429=1,retry-after=2"');
      expect(limited.status).toBe(429);
      expect(limited.headers.get("retry-after")).toBe("2");
      expect((await limited.json()).error_code).toBe("TOO_MANY_REQUESTS");
      const lost = await get("4QWq1rQtjnLM0wMswTRY9AmM4XTvY4GG", 'chaos="5xx-after=1"');
      expect(lost.status).toBe(500);
      expect(lost.headers.get("x-mock-chaos")).toBe("5xx-after");
      await expect(get("4QWq1rQtjnLM0wMswTRY9AmM4XTvY4GG", 'chaos="drop-before=1"')).rejects.toThrow();
      // A Prefer that only holds chaos does not hide the scenario id's answer.
      expect((await get("test_404_clientNotFound", 'chaos="latency=1"')).status).toBe(404);
      expect((await get("x", 'code=500, chaos="latency=1"')).status).toBe(500);
      const listed = await fetch(`${mock.url}/__mock/scenarios`, { headers: { prefer: 'chaos="drop-before=1"' } });
      expect(listed.status).toBe(200);
    } finally {
      await mock.stop();
    }
  }, 90_000);

  it("applies the same profile in the MSW handlers' examples mode, after the scenario is picked", async () => {
    const server = setupServer(...createMockHandlers({ chaos: { seed: 1, serverErrorAfter: 1 } }));
    server.listen({ onUnhandledRequest: "error" });
    try {
      const url = `${ENVIRONMENTS.production}${BASE}/test_404_clientNotFound`;
      const lost = await fetch(url, { headers: { "x-api-key": "k" } });
      expect(lost.status).toBe(500);
      expect(lost.headers.get("x-mock-chaos")).toBe("5xx-after");
      const exempt = await fetch(url, { headers: { "x-api-key": "k", prefer: "chaos=off" } });
      expect(exempt.status).toBe(404);
    } finally {
      server.close();
    }
  });

  it("refuses a bad --chaos with exit 2, naming the item, and lists the option in --help", async () => {
    const refused = await run(process.execPath, [
      requireBuild("mock-cli.js"),
      "--stateful",
      "--chaos",
      "seed=1,5xx=0.1",
    ]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--chaos: unknown chaos item "5xx"');
    const help = await run(process.execPath, [requireBuild("mock-cli.js"), "--help"]);
    expect(help.stdout).toContain("--chaos PROFILE");
  });

  it("checks the profile before it starts", async () => {
    await expect(startMock({ chaos: "latency=9-1" })).rejects.toThrow(/chaos latency must go from the lower/);
    await expect(startMock({ chaos: { tooManyRequests: 0.7, dropAfter: 0.7 } })).rejects.toThrow(/more than 1/);
  });
});
