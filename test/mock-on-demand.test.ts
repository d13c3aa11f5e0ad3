/**
 * Errors on demand in the stateful mode: every scenario id (and email) and `Prefer: code=…,
 * example=…` answers as in the examples mode, for every operation, and changes no state. Played
 * against `cryptomate-enable-mock --stateful` as a process and against the stateful MSW
 * handlers, with the same test body.
 */
import { setupServer } from "msw/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENVIRONMENTS } from "../src/index.js";
import { createMockHandlers } from "../src/mock/msw.js";
import { CATALOGUE } from "../src/mock/scenarios.js";
import { freePort, SCENARIOS } from "../src/mock/start.js";
import { PERSON } from "./helpers/flow.js";
import { type Running, requireBuild, start } from "./helpers/process.js";
import { scenarioCall } from "./helpers/scenarios.js";

const BASE = "/management/clients/individuals";
const json = { "x-api-key": "on-demand-key", "content-type": "application/json" };

interface Target {
  url: string;
}

/** The example's body as the mock sends it: with a trace id of its own on errors. */
const withoutTrace = (body: Record<string, unknown>) => {
  const { trace_id: _trace, ...rest } = body;
  return rest;
};

function onDemand(target: Target) {
  it("answers every scenario id and email of every operation with its example", async () => {
    expect(CATALOGUE.length).toBeGreaterThan(60);
    for (const entry of CATALOGUE) {
      const response = await fetch(...scenarioCall(target.url, entry));
      const label = `${entry.operationId} ${entry.clientId ?? entry.email}`;
      expect(response.status, label).toBe(entry.status);
      expect(withoutTrace(await response.json()), label).toEqual(withoutTrace(entry.body as Record<string, unknown>));
      if (entry.status === 429) expect(response.headers.get("retry-after"), label).toBe("4");
    }
  });

  it("answers Prefer: code=… and example=… for every operation, on ids it has never seen", async () => {
    for (const entry of CATALOGUE) {
      const call = {
        ...entry,
        ...(entry.clientId ? { clientId: "4QWq1rQtjnLM0wMswTRY9AmM4XTvY4GG" } : { email: "someone@example.com" }),
      };
      const prefer = `code=${entry.status}, example=${entry.example}`;
      const response = await fetch(...scenarioCall(target.url, call, { prefer }));
      expect(response.status, `${entry.operationId} ${prefer}`).toBe(entry.status);
      expect(withoutTrace(await response.json())).toEqual(withoutTrace(entry.body as Record<string, unknown>));
    }
    const unknown = await fetch(`${target.url}${BASE}/4QWq1rQtjnLM0wMswTRY9AmM4XTvY4GG`, {
      headers: { ...json, prefer: "code=418" },
    });
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).message).toContain("code=418 names no documented answer of getIndividualClient");
  });

  it("changes no state: the client, its products and its email stay as they were", async () => {
    const email = `on-demand-${Date.now()}@example.com`;
    // A create answered on demand keeps nothing: the same email is then free.
    const asked = await fetch(`${target.url}${BASE}`, {
      method: "POST",
      headers: { ...json, prefer: "code=201" },
      body: JSON.stringify({ ...PERSON, email }),
    });
    expect(asked.status).toBe(201);
    const created = await fetch(`${target.url}${BASE}`, {
      method: "POST",
      headers: json,
      body: JSON.stringify({ ...PERSON, email }),
    });
    expect(created.status).toBe(201);
    const client = await created.json();
    expect(client.email).toBe(email);

    const update = await fetch(`${target.url}${BASE}/${client.id}`, {
      method: "PUT",
      headers: { ...json, prefer: "code=500" },
      body: JSON.stringify({ ...PERSON, email, first_name: "Changed" }),
    });
    expect(update.status).toBe(500);
    const request = await fetch(`${target.url}${BASE}/${client.id}/products`, {
      method: "POST",
      headers: { ...json, prefer: "code=201, example=inKyc" },
      body: JSON.stringify({ subproduct: "cards_individuals" }),
    });
    expect(request.status).toBe(201);
    expect((await request.json()).status).toBe("in_kyc");

    const read = await (await fetch(`${target.url}${BASE}/${client.id}`, { headers: json })).json();
    expect(read).toEqual(client);
    const products = await fetch(`${target.url}${BASE}/${client.id}/products`, { headers: json });
    expect(await products.json()).toEqual([]);
  });

  it("leaves a call without a key, or with a body that breaks the spec, to the state machine", async () => {
    const noKey = await fetch(`${target.url}${BASE}/test_500_internalServerError`, { headers: { prefer: "code=500" } });
    expect(noKey.status).toBe(401);
    const broken = await fetch(`${target.url}${BASE}`, {
      method: "POST",
      headers: json,
      body: JSON.stringify({ email: "test_500_internalServerError@scenarios.test" }),
    });
    expect(broken.status).toBe(400);
  });
}

describe("errors on demand against cryptomate-enable-mock --stateful (a process)", () => {
  let mock: Running;
  const target: Target = { url: "" };
  beforeAll(async () => {
    const port = await freePort();
    mock = start(process.execPath, [requireBuild("mock-cli.js"), "--stateful", "--port", String(port), "--quiet"]);
    await mock.waitFor("mock listening on");
    expect(mock.output().stdout).toContain(
      'Errors on demand: scenario ids (GET /__mock/scenarios) and -H "Prefer: code=500"',
    );
    target.url = `http://127.0.0.1:${port}`;
  }, 60_000);
  afterAll(async () => {
    mock.child.kill("SIGTERM");
    expect((await mock.done).code).toBe(0);
  });

  onDemand(target);

  it("lists at GET /__mock/scenarios which modes each scenario applies in", async () => {
    const listed = await (await fetch(`${target.url}/__mock/scenarios`)).json();
    expect(listed).toEqual(JSON.parse(JSON.stringify(SCENARIOS)));
    for (const scenario of listed) expect(scenario.modes).toEqual(["examples", "dynamic", "stateful"]);
  });
});

describe("errors on demand against the stateful MSW handlers", () => {
  const server = setupServer(...createMockHandlers({ stateful: true }));
  beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
  afterAll(() => server.close());

  onDemand({ url: ENVIRONMENTS.sandbox });
});
