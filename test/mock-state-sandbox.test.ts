/**
 * Two teams, two API keys, one `cryptomate-enable-mock --stateful` process: neither sees nor
 * disturbs the other. Reads, updates, emails, limits and reset are each the key's own; another
 * key's ids answer as unknown ids do; no answer holds a key.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../src/mock/start.js";
import { PERSON } from "./helpers/flow.js";
import { type Running, requireBuild, start } from "./helpers/process.js";

const BASE = "/management/clients/individuals";
const TEAM_A = "team-a-key-0123456789";
const TEAM_B = "team-b-key-9876543210";

/** The mock as a process with these arguments, stopped by its pid. */
function mockProcess(extra: string[] = []) {
  let mock: Running | undefined;
  const handle = {
    url: "",
    async start() {
      const port = await freePort();
      mock = start(process.execPath, [
        requireBuild("mock-cli.js"),
        "--stateful",
        "--port",
        String(port),
        "--quiet",
        ...extra,
      ]);
      await mock.waitFor("mock listening on");
      handle.url = `http://127.0.0.1:${port}`;
    },
    async stop() {
      if (!mock) return;
      mock.child.kill("SIGTERM");
      expect((await mock.done).code).toBe(0);
    },
    /** One call; the answer's status, its body as text and as JSON (undefined when empty). */
    async call(key: string | undefined, method: string, path: string, body?: unknown) {
      const response = await fetch(`${handle.url}${path}`, {
        method,
        headers: {
          ...(key === undefined ? {} : { "x-api-key": key }),
          ...(body === undefined ? {} : { "content-type": "application/json" }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      for (const secret of [TEAM_A, TEAM_B]) expect(text).not.toContain(secret);
      const json = text === "" ? undefined : JSON.parse(text);
      if (json && typeof json === "object") delete json.trace_id;
      return { status: response.status, json };
    },
  };
  return handle;
}

const person = (email: string, changes: Record<string, unknown> = {}) => ({ ...PERSON, email, ...changes });

describe("two API keys against one stateful mock process", () => {
  const mock = mockProcess(["--limits", "clients=3"]);
  beforeAll(() => mock.start(), 90_000);
  afterAll(() => mock.stop());

  it("answers another key's client as an unknown one, for reads, updates and requests", async () => {
    const created = await mock.call(TEAM_A, "POST", BASE, person("shared.reads@example.com"));
    expect(created.status).toBe(201);
    const id = created.json.id as string;
    const pending = await mock.call(TEAM_A, "POST", `${BASE}/${id}/products`, { subproduct: "cards_individuals" });
    expect(pending.status).toBe(201);
    const requestId = pending.json.id as string;

    const never = "Z".repeat(32);
    const unknown = await mock.call(TEAM_B, "GET", `${BASE}/${never}`);
    const theirs = await mock.call(TEAM_B, "GET", `${BASE}/${id}`);
    expect(theirs).toEqual({
      status: 404,
      json: { code: "NOT_FOUND", message: `Company client not found with id: ${id}` },
    });
    expect(JSON.stringify(unknown).replaceAll(never, id)).toBe(JSON.stringify(theirs));

    expect((await mock.call(TEAM_B, "PUT", `${BASE}/${id}`, person("taken.over@example.com"))).status).toBe(404);
    expect((await mock.call(TEAM_B, "GET", `${BASE}/${id}/products`)).status).toBe(404);
    expect((await mock.call(TEAM_B, "POST", `${BASE}/${id}/products`, { subproduct: "ramps_pix" })).status).toBe(404);
    expect((await mock.call(TEAM_B, "POST", `${BASE}/${id}/products/${requestId}/submit`)).status).toBe(404);

    const mine = await mock.call(TEAM_A, "GET", `${BASE}/${id}`);
    expect(mine.status).toBe(200);
    expect(mine.json.email).toBe("shared.reads@example.com");
    const list = await mock.call(TEAM_A, "GET", `${BASE}/${id}/products`);
    expect(list.json).toEqual([expect.objectContaining({ id: requestId, product: "cards_individuals" })]);
  });

  it("lets each key have a client with the same email, and refuses a duplicate within one key", async () => {
    const email = "maria.barber@example.com";
    const a = await mock.call(TEAM_A, "POST", BASE, person(email));
    const b = await mock.call(TEAM_B, "POST", BASE, person(email));
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(a.json.id).not.toBe(b.json.id);
    expect((await mock.call(TEAM_B, "POST", BASE, person(email.toUpperCase()))).json).toEqual({
      code: "VAL",
      message: "Company client already exists for this company",
    });
    // An update to the email another key uses is fine; to one the key itself uses, it is not.
    const other = await mock.call(TEAM_B, "POST", BASE, person("other.b@example.com"));
    expect((await mock.call(TEAM_B, "PUT", `${BASE}/${other.json.id}`, person(email))).status).toBe(400);
    expect(
      (await mock.call(TEAM_B, "PUT", `${BASE}/${other.json.id}`, person("shared.reads@example.com"))).status,
    ).toBe(200);
  });

  it("forgets a key's own oldest client at its client limit, never another key's", async () => {
    await mock.call(TEAM_A, "POST", "/__mock/reset");
    await mock.call(TEAM_B, "POST", "/__mock/reset");
    const a = await mock.call(TEAM_A, "POST", BASE, person("a.only@example.com"));
    const ids: string[] = [];
    for (let n = 0; n < 4; n++) {
      const created = await mock.call(TEAM_B, "POST", BASE, person(`b${n}@example.com`));
      expect(created.status).toBe(201);
      ids.push(created.json.id);
    }
    expect((await mock.call(TEAM_B, "GET", `${BASE}/${ids[0]}`)).status).toBe(404);
    for (const id of ids.slice(1)) expect((await mock.call(TEAM_B, "GET", `${BASE}/${id}`)).status).toBe(200);
    expect((await mock.call(TEAM_A, "GET", `${BASE}/${a.json.id}`)).status).toBe(200);
    // The forgotten client's email is free again, for that key.
    expect((await mock.call(TEAM_B, "POST", BASE, person("b0@example.com"))).status).toBe(201);
  });

  it("resets only the caller's sandbox, and refuses a reset without a key", async () => {
    const a = await mock.call(TEAM_A, "POST", BASE, person("reset.a@example.com"));
    const b = await mock.call(TEAM_B, "POST", BASE, person("reset.b@example.com"));
    const anonymous = await mock.call(undefined, "POST", "/__mock/reset");
    expect(anonymous).toEqual({
      status: 401,
      json: { code: "UNAUTHORIZED", message: "The API key is missing: send it in the x-api-key header" },
    });
    expect((await mock.call(TEAM_A, "GET", `${BASE}/${a.json.id}`)).status).toBe(200);
    expect(await mock.call(TEAM_A, "POST", "/__mock/reset")).toEqual({ status: 204, json: undefined });
    expect((await mock.call(TEAM_A, "GET", `${BASE}/${a.json.id}`)).status).toBe(404);
    expect((await mock.call(TEAM_B, "GET", `${BASE}/${b.json.id}`)).status).toBe(200);
  });
});

describe("the memory of one stateful mock process", () => {
  const mock = mockProcess();
  beforeAll(() => mock.start(), 90_000);
  afterAll(() => mock.stop());

  it("refuses 100 clients with a 1 MB first_name, keeping none", async () => {
    const statuses = new Set<number>();
    for (let n = 0; n < 100; n++) {
      const sent = await mock.call(
        TEAM_A,
        "POST",
        BASE,
        person(`big${n}@example.com`, { first_name: "x".repeat(1_000_000) }),
      );
      statuses.add(sent.status);
    }
    expect([...statuses]).toEqual([400]);
    expect((await mock.call(TEAM_A, "POST", BASE, person("big0@example.com"))).status).toBe(201);
    // Its resident memory afterwards is a measure, not a check: `npm run bench` reports it (how
    // soon V8 and the allocator hand refused bodies back differs from one Node line to the next).
  });
});

describe("the shared byte budget of one stateful mock process", () => {
  const mock = mockProcess(["--limits", "clients=3,total=12000"]);
  beforeAll(() => mock.start(), 90_000);
  afterAll(() => mock.stop());

  it("refuses new data with 507 once the keys together fill it, forgetting no one's data", async () => {
    const kept: { key: string; id: string }[] = [];
    let refused: { key: string; json: { code: string; message: string } } | undefined;
    for (let team = 0; team < 20 && !refused; team++) {
      const key = `team-${team}-key`;
      for (let n = 0; n < 3 && !refused; n++) {
        const created = await mock.call(key, "POST", BASE, person(`p${n}@example.com`));
        if (created.status === 507) refused = { key, json: created.json };
        else {
          expect(created.status).toBe(201);
          kept.push({ key, id: created.json.id });
        }
      }
    }
    expect(refused?.json).toEqual({
      code: "MOCK_FULL",
      message: expect.stringContaining("all API keys together keep at most 12000 bytes; nothing was changed"),
    });
    expect(kept.length).toBeGreaterThan(3);
    for (const { key, id } of kept) expect((await mock.call(key, "GET", `${BASE}/${id}`)).status).toBe(200);
    // One key clearing its sandbox makes room for the others.
    expect((await mock.call(kept[0]?.key, "POST", "/__mock/reset")).status).toBe(204);
    expect((await mock.call(refused?.key, "POST", BASE, person("after.reset@example.com"))).status).toBe(201);
  });
});
