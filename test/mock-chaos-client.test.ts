/**
 * The typed client against `cryptomate-enable-mock --stateful --chaos …` (a process): every call
 * ends with a settled answer or a CryptoMateError, an error that says the call was not processed
 * is true to the mock's state, and nothing is made twice. Checked afterwards through the API,
 * with `Prefer: chaos=off` on the checking calls.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CryptoMateApiError,
  CryptoMateError,
  createCryptoMateClient,
  mayHaveBeenProcessed,
  type ProductEnablementRequest,
} from "../src/index.js";
import { freePort } from "../src/mock/start.js";
import { PERSON } from "./helpers/flow.js";
import { type Running, requireBuild, start } from "./helpers/process.js";

const PROFILE = "seed=5,latency=0-2,429=0.1,5xx-before=0.1,5xx-after=0.15,drop-before=0.05,drop=0.1,retry-after=0";
const CLIENTS = 16;
const KEY = "chaos-client-key";

type Result<T> = { data: T } | { error: unknown };

async function settle<T>(promise: Promise<T>): Promise<Result<T>> {
  try {
    return { data: await promise };
  } catch (error) {
    return { error };
  }
}

describe("the typed client against the stateful mock with --chaos", () => {
  let mock: Running;
  let baseUrl = "";
  beforeAll(async () => {
    const port = await freePort();
    mock = start(process.execPath, [
      requireBuild("mock-cli.js"),
      "--stateful",
      "--quiet",
      "--port",
      String(port),
      "--chaos",
      PROFILE,
    ]);
    await mock.waitFor("mock listening on");
    baseUrl = `http://127.0.0.1:${port}`;
  }, 60_000);
  afterAll(async () => {
    mock.child.kill("SIGTERM");
    expect((await mock.done).code).toBe(0);
  });

  it("ends every call settled or with a typed error, and makes nothing twice", async () => {
    const client = createCryptoMateClient({ apiKey: KEY, baseUrl, rateLimit: false, maxRetries: 3, logLevel: "off" });
    const checker = createCryptoMateClient({
      apiKey: KEY,
      baseUrl,
      rateLimit: false,
      maxRetries: 0,
      logLevel: "off",
      headers: { prefer: "chaos=off" },
    });
    const runs = await Promise.all(
      Array.from({ length: CLIENTS }, async (_, i) => {
        const email = `chaos-client-${i}@example.com`;
        const created = await settle(client.createIndividualClient({ ...PERSON, email }));
        if (!("data" in created)) return { email, created };
        const id = created.data.id;
        const requested = await settle(client.requestProductEnablement(id, { subproduct: "cards_individuals" }));
        if (!("data" in requested)) return { email, created, requested };
        const submitted = await settle(client.submitProductEnablementRequest(id, requested.data.id));
        return { email, created, requested, submitted };
      }),
    );

    const errors = runs.flatMap((run) =>
      [run.created, run.requested, run.submitted].filter((result) => result && "error" in result),
    );
    // The seed makes some calls fail and lets others through.
    expect(errors.length).toBeGreaterThan(0);
    expect(runs.filter((run) => "data" in run.created).length).toBeGreaterThan(0);
    for (const failure of errors) expect((failure as { error: unknown }).error).toBeInstanceOf(CryptoMateError);

    for (const run of runs) {
      // One client per email: a second create of the same email is refused, or (when the first
      // was never made) makes the only one.
      const again = await settle(checker.createIndividualClient({ ...PERSON, email: run.email }));
      if ("data" in run.created) {
        const read = await checker.getIndividualClient(run.created.data.id);
        expect(read.email).toBe(run.email);
        expect("error" in again && again.error instanceof CryptoMateApiError && again.error.status).toBe(400);
      } else if (!mayHaveBeenProcessed(run.created.error)) {
        // The client said the create was not processed: the mock agrees, the email is free.
        expect("data" in again, `${run.email}: ${String(run.created.error)}`).toBe(true);
      } else {
        const made = "data" in again || (again.error instanceof CryptoMateApiError && again.error.status === 400);
        expect(made).toBe(true);
      }
      if (!("data" in run.created)) continue;
      const products: ProductEnablementRequest[] = await checker.listClientProducts(run.created.data.id);
      const cards = products.filter((request) => request.product === "cards_individuals");
      // Never two requests for one product, whatever was resent.
      expect(cards.length).toBeLessThanOrEqual(1);
      if (!run.requested) continue;
      if ("data" in run.requested) {
        expect(cards.map((request) => request.id)).toEqual([run.requested.data.id]);
      } else if (!mayHaveBeenProcessed(run.requested.error)) {
        expect(cards).toEqual([]);
      }
    }
  }, 60_000);
});
