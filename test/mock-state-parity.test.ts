/**
 * One behaviour: the stateful mock server and the stateful MSW handlers give the same status and
 * body (trace ids aside) to the same request, however odd or hostile. One table, sent to both.
 */
import { setupServer } from "msw/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMockHandlers } from "../src/mock/msw.js";
import { type MockServer, startMock } from "../src/mock/start.js";
import { PERSON } from "./helpers/flow.js";

const BASE = "/management/clients/individuals";
const MSW_HOST = "https://parity.mock.test";
const KEY = { "x-api-key": "parity-key" };
const JSON_TYPE = { ...KEY, "content-type": "application/json" };

interface Row {
  name: string;
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
  /** What both must answer, to pin the behaviour down (the status; the message when given). */
  status: number;
  message?: string | RegExp;
}

const person = JSON.stringify({ ...PERSON, email: "parity@example.com" });

const TABLE: Row[] = [
  {
    name: "a text/plain body holding JSON",
    method: "POST",
    path: BASE,
    headers: { ...KEY, "content-type": "text/plain" },
    body: person,
    status: 400,
    message: 'the body must be JSON, sent with content-type: application/json (it was sent as "text/plain")',
  },
  {
    name: "a JSON body without a content type",
    method: "POST",
    path: BASE,
    headers: KEY,
    body: person,
    status: 400,
    message: /^the body must be JSON/,
  },
  {
    name: "a broken percent-escape in a client id",
    method: "GET",
    path: `${BASE}/%ZZ`,
    headers: KEY,
    status: 400,
    message: 'the path has a malformed percent-escape in "%ZZ"',
  },
  { name: "a lone percent sign", method: "GET", path: `${BASE}/abc%`, headers: KEY, status: 400 },
  { name: "a cut UTF-8 escape", method: "PUT", path: `${BASE}/%C3`, headers: JSON_TYPE, body: person, status: 400 },
  {
    name: "a body over 1 MB",
    method: "POST",
    path: BASE,
    headers: JSON_TYPE,
    body: JSON.stringify({ ...PERSON, first_name: "x".repeat(1_100_000) }),
    status: 413,
    message: "the body is larger than 1048576 bytes",
  },
  {
    name: "a first name over the mock's limit",
    method: "POST",
    path: BASE,
    headers: JSON_TYPE,
    body: JSON.stringify({ ...PERSON, email: "long@example.com", first_name: "x".repeat(1001) }),
    status: 400,
    message: "first_name: is longer than 1000 characters, the mock's limit",
  },
  { name: "a JSON array", method: "POST", path: BASE, headers: JSON_TYPE, body: "[1,2]", status: 400 },
  { name: "a JSON string", method: "POST", path: BASE, headers: JSON_TYPE, body: '"hello"', status: 400 },
  { name: "JSON null", method: "POST", path: BASE, headers: JSON_TYPE, body: "null", status: 400 },
  { name: "a JSON number", method: "PUT", path: `${BASE}/nobody`, headers: JSON_TYPE, body: "42", status: 404 },
  {
    name: "truncated JSON",
    method: "POST",
    path: BASE,
    headers: JSON_TYPE,
    body: '{"first_name":',
    status: 400,
    message: /^the body is not valid JSON: /,
  },
  {
    name: "no body where one is required",
    method: "POST",
    path: BASE,
    headers: JSON_TYPE,
    status: 400,
    message: "body: must be an object",
  },
  {
    name: "an unknown path",
    method: "GET",
    path: "/management/nothing/here",
    headers: KEY,
    status: 404,
    message: "Resource not found: no operation at GET /management/nothing/here",
  },
  { name: "an unknown path with a query", method: "GET", path: `${BASE}/a/b/c?x=1`, headers: KEY, status: 404 },
  { name: "a wrong method", method: "DELETE", path: `${BASE}/nobody`, headers: KEY, status: 404 },
  { name: "another wrong method", method: "PATCH", path: BASE, headers: JSON_TYPE, body: person, status: 404 },
  { name: "a missing key", method: "GET", path: `${BASE}/nobody`, status: 401 },
  {
    name: "a missing key on a create",
    method: "POST",
    path: BASE,
    headers: { "content-type": "application/json" },
    body: person,
    status: 401,
  },
  { name: "a reset without a key", method: "POST", path: "/__mock/reset", status: 401 },
  { name: "a reset with a key", method: "POST", path: "/__mock/reset", headers: KEY, status: 204 },
  { name: "a URL over 8 KB", method: "GET", path: `${BASE}/${"a".repeat(9000)}`, headers: KEY, status: 414 },
  {
    name: "an unknown product for an unknown client",
    method: "POST",
    path: `${BASE}/nobody/products`,
    headers: JSON_TYPE,
    body: '{"subproduct":"cards_individual"}',
    status: 404,
  },
];

/** The status and the body (its trace id taken out), with the text when it is not JSON. */
async function outcome(response: Response) {
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text === "" ? undefined : JSON.parse(text);
  } catch {
    // kept as text: a difference then shows whole
  }
  if (body && typeof body === "object") delete (body as { trace_id?: string }).trace_id;
  return { status: response.status, body };
}

describe("the stateful mock server and the stateful MSW handlers answer alike", () => {
  let mock: MockServer;
  const server = setupServer(...createMockHandlers({ stateful: true, baseUrl: MSW_HOST }));
  beforeAll(async () => {
    mock = await startMock({ stateful: true });
    server.listen({ onUnhandledRequest: "bypass" });
  });
  afterAll(async () => {
    server.close();
    await mock.stop();
  });

  it.each(TABLE)("$name", async (row) => {
    const send = (base: string) =>
      fetch(`${base}${row.path}`, { method: row.method, headers: row.headers ?? {}, body: row.body });
    const http = await outcome(await send(mock.url));
    const msw = await outcome(await send(MSW_HOST));
    expect(msw).toEqual(http);
    expect(http.status).toBe(row.status);
    if (row.message !== undefined) {
      const message = (http.body as { message: string }).message;
      if (typeof row.message === "string") expect(message).toBe(row.message);
      else expect(message).toMatch(row.message);
    }
  });
});
