/**
 * The stateful mock's sandboxes on their own: each key's limits (clients, requests, bytes) make
 * it forget its own oldest clients, never another key's; the shared byte budget refuses new data
 * with 507 and forgets nothing; each string of a client is capped; the MSW handlers reset one
 * key's sandbox or all of them.
 */
import { setupServer } from "msw/node";
import { describe, expect, it } from "vitest";
import { createMockHandlers } from "../src/mock/msw.js";
import { MAX_FIELD_CHARS } from "../src/mock/state/limits.js";
import { createMockState, type MockStateOptions } from "../src/mock/state/machine.js";
import { PERSON } from "./helpers/flow.js";

const BASE = "/management/clients/individuals";

function mock(options: MockStateOptions) {
  const state = createMockState({ reviewMs: 0, ...options });
  const call = (key: string, method: string, path: string, body?: unknown) =>
    state.handle({ method, path: `${BASE}${path}`, apiKey: key, body });
  let people = 0;
  const create = (key: string, changes: Record<string, unknown> = {}) =>
    call(key, "POST", "", { ...PERSON, email: `p${++people}@example.com`, ...changes });
  const idOf = (answer: { body: unknown }) => (answer.body as { id: string }).id;
  const exists = (key: string, id: string) => call(key, "GET", `/${id}`).status === 200;
  return { state, call, create, idOf, exists };
}

describe("the limits of each API key's sandbox", () => {
  it("past clientsPerKey, a key forgets its own oldest client; another key keeps all of its own", () => {
    const { create, idOf, exists } = mock({ limits: { clientsPerKey: 2 } });
    const a = idOf(create("a"));
    const b = [1, 2, 3].map(() => idOf(create("b")));
    expect(b.map((id) => exists("b", id))).toEqual([false, true, true]);
    expect(exists("a", a)).toBe(true);
  });

  it("past bytesPerKey, a key forgets its own oldest clients to make room", () => {
    const { create, idOf, exists } = mock({ limits: { bytesPerKey: 4000 } });
    const long = { first_name: "x".repeat(MAX_FIELD_CHARS) };
    const ids = [1, 2, 3].map(() => idOf(create("a", long)));
    expect(ids.map((id) => exists("a", id))).toEqual([false, true, true]);
  });

  it("past requestsPerKey, a key forgets its oldest other client; with none to forget, it refuses with 507", () => {
    const { call, create, idOf, exists } = mock({ limits: { requestsPerKey: 1 } });
    const first = idOf(create("a"));
    expect(call("a", "POST", `/${first}/products`, { subproduct: "cards_individuals" }).status).toBe(201);
    const second = idOf(create("a"));
    expect(call("a", "POST", `/${second}/products`, { subproduct: "cards_individuals" }).status).toBe(201);
    expect(exists("a", first)).toBe(false);
    const refused = call("a", "POST", `/${second}/products`, { subproduct: "ramps_pix" });
    expect(refused).toEqual({
      status: 507,
      body: {
        code: "MOCK_SANDBOX_FULL",
        message:
          "This API key's sandbox is full (its limit of 1 requests); nothing was changed. POST /__mock/reset with this key clears it",
      },
    });
    expect((call("a", "GET", `/${second}/products`).body as unknown[]).length).toBe(1);
  });

  it("refuses what would go past the shared budget with 507, forgetting nothing, and takes it after a reset", () => {
    const { state, call, create, idOf, exists } = mock({ limits: { totalBytes: 8000 } });
    const a = idOf(create("a"));
    const b = idOf(create("b"));
    const long = { first_name: "x".repeat(MAX_FIELD_CHARS), last_name: "y".repeat(MAX_FIELD_CHARS) };
    let refused = create("c", long);
    for (let n = 0; n < 5 && refused.status === 201; n++) refused = create("c", long);
    expect(refused.status).toBe(507);
    expect(refused.body).toMatchObject({ code: "MOCK_FULL" });
    expect(exists("a", a) && exists("b", b)).toBe(true);
    // An update that would grow past it is refused too, and leaves the client as it was.
    expect(call("a", "PUT", `/${a}`, { ...PERSON, email: "grown@example.com", ...long }).status).toBe(507);
    expect(call("a", "GET", `/${a}`).body).toMatchObject({ first_name: PERSON.first_name });
    expect(state.usage().bytes).toBeLessThanOrEqual(8000);
    state.reset("c");
    expect(create("a", long).status).toBe(201);
  });

  it("caps each string of a client at MAX_FIELD_CHARS characters, nested ones too", () => {
    const { create } = mock({});
    expect(MAX_FIELD_CHARS).toBe(1000);
    expect(create("a", { first_name: "x".repeat(MAX_FIELD_CHARS) }).status).toBe(201);
    expect(create("a", { first_name: "x".repeat(MAX_FIELD_CHARS + 1) })).toEqual({
      status: 400,
      body: { code: "BAD_REQUEST", message: "first_name: is longer than 1000 characters, the mock's limit" },
    });
    const address = { ...PERSON.address, city: "c".repeat(MAX_FIELD_CHARS + 1) };
    expect((create("a", { address }).body as { message: string }).message).toBe(
      "address.city: is longer than 1000 characters, the mock's limit",
    );
  });

  it("frees a key's bytes on its reset, and keeps no sandbox for a key that only reads", () => {
    const { state, create, call } = mock({});
    expect(call("reader", "GET", "/nobody").status).toBe(404);
    expect(state.usage()).toMatchObject({ bytes: 0, keys: 0 });
    create("a");
    create("b");
    const both = state.usage();
    expect(both.keys).toBe(2);
    state.reset("a");
    expect(state.usage().keys).toBe(1);
    expect(state.usage().bytes).toBeLessThan(both.bytes);
    state.reset();
    expect(state.usage()).toMatchObject({ bytes: 0, keys: 0 });
  });
});

describe("handlers.reset of the stateful MSW handlers", () => {
  it("forgets one key's sandbox with a key, every sandbox without", async () => {
    const host = "https://reset.mock.test";
    const handlers = createMockHandlers({ stateful: true, baseUrl: host });
    const server = setupServer(...handlers);
    server.listen({ onUnhandledRequest: "error" });
    try {
      const create = async (key: string) => {
        const response = await fetch(`${host}${BASE}`, {
          method: "POST",
          headers: { "x-api-key": key, "content-type": "application/json" },
          body: JSON.stringify({ ...PERSON, email: "same@example.com" }),
        });
        return ((await response.json()) as { id: string }).id;
      };
      const status = async (key: string, id: string) =>
        (await fetch(`${host}${BASE}/${id}`, { headers: { "x-api-key": key } })).status;
      const [a, b] = [await create("a"), await create("b")];
      handlers.reset("a");
      expect([await status("a", a), await status("b", b)]).toEqual([404, 200]);
      handlers.reset();
      expect(await status("b", b)).toBe(404);
      // The examples mode keeps the mock server's body limit too.
      const examples = setupServer(...createMockHandlers({ baseUrl: "https://examples.mock.test" }));
      server.close();
      examples.listen({ onUnhandledRequest: "error" });
      try {
        const large = await fetch(`https://examples.mock.test${BASE}`, {
          method: "POST",
          headers: { "x-api-key": "a", "content-type": "application/json" },
          body: JSON.stringify({ ...PERSON, first_name: "x".repeat(1_100_000) }),
        });
        expect(large.status).toBe(413);
      } finally {
        examples.close();
      }
    } finally {
      server.close();
    }
  });
});
