import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import scenarios from "../generated/scenarios.json" with { type: "json" };
import { CryptoMateNotFoundError, createCryptoMateClient, type ProductEnablementRequest } from "../src/index.js";
import { type MockServer, SCENARIOS, startMock } from "../src/mock/start.js";
import { validationIssues } from "../src/validation.js";
import { requireBuild, run } from "./helpers/process.js";
import { scenarioCall } from "./helpers/scenarios.js";
import { TEST_KEY } from "./helpers/server.js";
import { operations, responseExamples } from "./helpers/spec.js";

const baseUrl = inject("prismUrl");
const PATH = "/management/clients/individuals";
const body = { subproduct: "cards_individuals" } as const;

/** Sends raw bytes, as a hostile client would, and returns the raw answer. */
function raw(url: string, text: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.end(text));
    let answer = "";
    socket.on("data", (chunk) => {
      answer += chunk;
    });
    socket.on("end", () => resolve(answer));
    socket.on("error", reject);
  });
}

const post = (url: string, clientId: string, headers: Record<string, string> = {}, payload = JSON.stringify(body)) =>
  fetch(`${url}${PATH}/${clientId}/products`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-api-key": "k", ...headers },
    body: payload,
  });

describe("the mock's front", () => {
  for (const [name, target] of [
    ["a malformed escape", `${PATH}/%ZZ/products`],
    ["a lone percent sign", `${PATH}/%/products`],
    ["a truncated UTF-8 escape", `${PATH}/%C3/products`],
    ["an oversized URL", `${PATH}/${"a".repeat(9000)}/products`],
  ]) {
    it(`answers ${name} with a JSON 4xx and keeps serving`, async () => {
      const answer = await raw(
        baseUrl,
        `POST ${target} HTTP/1.1\r\nHost: x\r\nx-api-key: k\r\ncontent-type: application/json\r\ncontent-length: 2\r\nconnection: close\r\n\r\n{}`,
      );
      expect(answer).toMatch(/^HTTP\/1\.1 4\d\d /);
      const json = JSON.parse(answer.slice(answer.indexOf("\r\n\r\n") + 4));
      expect(json).toMatchObject({
        code: expect.any(String),
        message: expect.any(String),
        trace_id: expect.any(String),
      });
      expect((await post(baseUrl, "after")).status).toBe(201);
    });
  }

  it("answers a body that is not JSON with a 400 saying so", async () => {
    const response = await post(baseUrl, "abc", {}, "{not json");
    expect(response.status).toBe(400);
    expect((await response.json()).message).toMatch(/^the body is not valid JSON/);
  });

  it("names the field a 400 is about, from Prism's violations", async () => {
    const response = await post(baseUrl, "abc", {}, JSON.stringify({ subproduct: "cards_business" }));
    expect(response.status).toBe(400);
    const json = await response.json();
    expect(json.code).toBe("BAD_REQUEST");
    expect(json.message).toMatch(/^subproduct: .*cards_individuals/);
  });

  it("gives every answer its own trace id, the same in the header and the body", async () => {
    const ids = new Set<string>();
    for (let i = 0; i < 3; i++) {
      const response = await post(baseUrl, "test_404_notFound");
      const traceId = response.headers.get("x-trace-id") as string;
      expect((await response.json()).trace_id).toBe(traceId);
      ids.add(traceId);
    }
    const success = await post(baseUrl, "abc");
    ids.add(success.headers.get("x-trace-id") as string);
    expect(ids.size).toBe(4);
  });
});

describe("scenarios by client id", () => {
  it("lists them at GET /__mock/scenarios, from the spec's examples", async () => {
    const listed = await (await fetch(`${baseUrl}/__mock/scenarios`)).json();
    expect(listed).toEqual(SCENARIOS);
    expect(listed.map((scenario: { status: number }) => scenario.status)).toEqual(
      expect.arrayContaining([200, 201, 400, 401, 404, 412, 429, 500]),
    );
  });

  it("covers every named example of every operation of the spec, each scenario with its operationId", async () => {
    const listed: { operationId: string; status: number; example: string; clientId?: string; email?: string }[] =
      await (await fetch(`${baseUrl}/__mock/scenarios`)).json();
    const expected = operations.flatMap(({ operationId, operation }) =>
      Object.keys(operation.responses).flatMap((status) =>
        Object.keys(responseExamples(status, operationId)).map((example) => `${operationId} ${status} ${example}`),
      ),
    );
    expect(listed.map(({ operationId, status, example }) => `${operationId} ${status} ${example}`)).toEqual(expected);
    expect(new Set(listed.map((scenario) => scenario.operationId)).size).toBe(7);
    for (const scenario of listed) {
      // createIndividualClient has no client id in its path: its scenarios are picked by email.
      if (scenario.operationId === "createIndividualClient") expect(scenario.email).toMatch(/^test_\d{3}_\w+@/);
      else expect(scenario.clientId).toBe(`test_${scenario.status}_${scenario.example}`);
    }
  });

  for (const scenario of scenarios) {
    it(`answers ${scenario.operationId} ${scenario.clientId ?? scenario.email} with ${scenario.status} "${scenario.example}"`, async () => {
      const response = await fetch(...scenarioCall(baseUrl, scenario));
      expect(response.status).toBe(scenario.status);
      const json = await response.json();
      if (scenario.status >= 400) expect(json).toEqual({ ...scenario.body, trace_id: expect.any(String) });
      else expect(json).toEqual(scenario.body);
      for (const [name, value] of Object.entries(scenario.headers)) expect(response.headers.get(name)).toBe(value);
    });
  }

  it("lets the typed client pick a scenario by id, and Prefer still wins", async () => {
    const client = createCryptoMateClient({ apiKey: TEST_KEY, baseUrl, maxRetries: 0 });
    await expect(client.requestProductEnablement("test_404_notFound", body)).rejects.toBeInstanceOf(
      CryptoMateNotFoundError,
    );
    const inKyc = await client.requestProductEnablement("test_200_inKyc", body);
    expect(inKyc.status).toBe("in_kyc");
    const preferred = await client.requestProductEnablement("test_404_notFound", body, {
      headers: { Prefer: "example=enabled" },
    });
    expect(preferred.status).toBe("enabled");
  });
});

describe("the mock with options", () => {
  let limited: MockServer;
  let dynamic: MockServer;
  beforeAll(async () => {
    [limited, dynamic] = await Promise.all([startMock({ rateLimit: 5 }), startMock({ dynamic: true, seed: 42 })]);
  });
  afterAll(async () => {
    await Promise.all([limited?.stop(), dynamic?.stop()]);
  });

  it("enforces --rate-limit with CryptoMate's 429 and Retry-After, and a client paced to it gets none", async () => {
    const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => post(limited.url, `burst-${i}`)));
    const refused = answers.filter((answer) => answer.status === 429);
    expect(refused.length).toBe(3);
    expect(refused[0]?.headers.get("retry-after")).toBe("1");
    expect(await refused[0]?.json()).toMatchObject({
      error_code: "TOO_MANY_REQUESTS",
      message: "Rate limit exceeded. Retry after 1 seconds",
    });
    await new Promise((resolve) => setTimeout(resolve, 2100));
    const client = createCryptoMateClient({
      apiKey: TEST_KEY,
      baseUrl: limited.url,
      rateLimit: { requestsPerSecond: 5 },
      maxRetries: 0,
    });
    const paced = await Promise.allSettled(
      Array.from({ length: 12 }, (_, i) => client.requestProductEnablement(`p-${i}`, body)),
    );
    expect(paced.filter((outcome) => outcome.status === "rejected")).toEqual([]);
  });

  it("gives repeatable, plausible dynamic answers for a seed", async () => {
    const again = await startMock({ dynamic: true, seed: 42 });
    const other = await startMock({ dynamic: true, seed: 7 });
    try {
      const answers: ProductEnablementRequest[] = [];
      for (let i = 0; i < 40; i++) {
        const id = `client-${i}`;
        const [first, second, third] = await Promise.all(
          [dynamic, again, other].map(async (mock) => (await post(mock.url, id)).json()),
        );
        expect(second).toEqual(first);
        expect(third).not.toEqual(first);
        answers.push(first);
      }
      for (const answer of answers) {
        expect(validationIssues(answer)).toEqual([]);
        expect(answer.id).toMatch(/^[A-Za-z0-9]{32}$/);
        expect(answer.created_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
        expect(Number.isNaN(Date.parse(`${answer.created_at}Z`))).toBe(false);
        expect(answer.updated_at >= answer.created_at).toBe(true);
        expect("rejection_description" in answer).toBe(answer.status === "rejected");
      }
      expect(new Set(answers.map((answer) => answer.status)).size).toBeGreaterThan(2);
    } finally {
      await Promise.all([again.stop(), other.stop()]);
    }
  });

  it("restarts Prism when it dies, and says so", async () => {
    const events: string[] = [];
    const mock = await startMock({ onEvent: (message) => events.push(message) });
    try {
      const first = mock.pid;
      process.kill(first, "SIGKILL");
      const deadline = Date.now() + 30_000;
      while (mock.restarts === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(mock.restarts).toBe(1);
      expect(mock.pid).not.toBe(first);
      expect(events.join("\n")).toMatch(/Prism exited .*restarting it[\s\S]*Prism restarted/);
      expect((await post(mock.url, "after-restart")).status).toBe(201);
    } finally {
      await mock.stop();
    }
  });
});

describe("a mock whose Prism keeps dying", () => {
  it("gives up after five restarts within a minute, rejecting closed and saying why", async () => {
    const events: string[] = [];
    const mock = await startMock({ onEvent: (message) => events.push(message) });
    const closed = mock.closed.then(
      () => "resolved",
      (error: Error) => error.message,
    );
    for (let kills = 0; kills < 6; kills++) {
      const target = mock.pid;
      process.kill(target, "SIGKILL");
      const deadline = Date.now() + 20_000;
      // Wait for the next Prism, or for the mock to give up.
      while (Date.now() < deadline && (mock.pid === target || mock.pid === 0) && mock.restarts === kills) {
        if (events.some((event) => event.includes("giving up"))) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
    expect(await closed).toMatch(/Prism died 6 times within a minute .*giving up/);
    expect(mock.restarts).toBe(5);
    await expect(fetch(`${mock.url}/__mock/scenarios`)).rejects.toThrow();
  }, 120_000);
});

describe("cryptomate-enable-mock as a process", () => {
  it("refuses a port in use in one line naming it, with exit 2", async () => {
    const port = new URL(baseUrl).port;
    const result = await run(process.execPath, [requireBuild("mock-cli.js"), "--port", port, "--quiet"]);
    expect(result.code).toBe(2);
    expect(result.stderr.split("\n")[0]).toBe(
      `cryptomate-enable-mock: port ${port} is already in use (pick another with --port)`,
    );
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
  });
});
