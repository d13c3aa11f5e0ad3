/**
 * In-process mocks for unit tests, with MSW (an optional peer: msw 2.x). The handlers serve the
 * same scenarios as the mock server: each named example of the spec has a client id that
 * returns it, `Prefer: code=…, example=…` picks one explicitly, any other id gets the documented
 * answer. A suite then needs no server at all.
 *
 * @example
 * import { setupServer } from "msw/node";
 * import { createMockHandlers } from "cryptomate-product-enablement/msw";
 * const server = setupServer(...createMockHandlers());
 */
import { HttpResponse, http } from "msw";
import { ENVIRONMENTS } from "../client/options.js";
import type { Subproduct } from "../client/types.js";
import { CATALOGUE as catalogue } from "./scenarios.js";

/** The scenarios the handlers serve, as the mock server lists them. */
export { SCENARIOS as scenarios, type Scenario } from "./scenarios.js";

export interface MockHandlerOptions {
  /**
   * The host (or hosts) to answer for.
   * @default both CryptoMate hosts, production and sandbox
   */
  baseUrl?: string | readonly string[];
}

type Entry = (typeof catalogue)[number];
const DEFAULT = catalogue.find((entry) => entry.status === 200 && entry.example === "pendingDocumentation") as Entry;

function traceId(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

function answer(status: number, body: unknown, headers: Record<string, string> = {}) {
  const trace = traceId();
  const withTrace = status >= 400 && body && typeof body === "object" ? { ...body, trace_id: trace } : body;
  return HttpResponse.json(withTrace as Record<string, unknown>, {
    status,
    headers: { ...headers, "x-trace-id": trace },
  });
}

const refuse = (message: string) => answer(400, { code: "BAD_REQUEST", message });

/** The scenario a `Prefer` header asks for (`code=404`, `example=inKyc`, or both), if any. */
function preferred(header: string | null): Entry | undefined {
  if (!header) return undefined;
  const code = /\bcode=(\d{3})/.exec(header)?.[1];
  const example = /\bexample=([\w-]+)/.exec(header)?.[1];
  if (!code && !example) return undefined;
  return catalogue.find(
    (entry) =>
      (code === undefined ? entry.status < 300 : entry.status === Number(code)) &&
      (example === undefined || entry.example === example),
  );
}

/** The products the spec lists; the type check below fails when the spec's list changes. */
const SUBPRODUCTS = ["cards_individuals", "ramps_cards", "ramps_pix"] as const satisfies readonly Subproduct[];
const everySubproductListed: Exclude<Subproduct, (typeof SUBPRODUCTS)[number]> extends never ? true : never = true;
void everySubproductListed;

/** The request checks the mock server makes (its `--errors` mode), for the same answers. */
async function problemWith(request: Request): Promise<string | undefined> {
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    return "the body is not valid JSON";
  }
  if (!body || typeof body !== "object" || Array.isArray(body)) return "body: must be an object";
  const extra = Object.keys(body).find((key) => key !== "subproduct");
  if (extra) return `${extra}: is not allowed (the body has only subproduct)`;
  const { subproduct } = body as { subproduct?: unknown };
  if (subproduct === undefined) return "subproduct: is required";
  if (!(SUBPRODUCTS as readonly unknown[]).includes(subproduct)) {
    return `subproduct: must be one of [${SUBPRODUCTS.join(", ")}]`;
  }
  return undefined;
}

/** MSW handlers for the product-enablement endpoint. */
export function createMockHandlers(options: MockHandlerOptions = {}) {
  const bases = options.baseUrl === undefined ? Object.values(ENVIRONMENTS) : [options.baseUrl].flat();
  return bases.map((base) =>
    http.post(
      `${base.replace(/\/+$/, "")}/management/clients/individuals/:clientId/products`,
      async ({ request, params }) => {
        if (!request.headers.get("x-api-key")) {
          const unauthorized = catalogue.find((entry) => entry.status === 401) as Entry;
          return answer(401, unauthorized.body);
        }
        const problem = await problemWith(request);
        if (problem) return refuse(problem);
        const entry =
          preferred(request.headers.get("prefer")) ??
          catalogue.find((candidate) => candidate.clientId === params.clientId) ??
          DEFAULT;
        return answer(entry.status, entry.body, entry.headers as Record<string, string>);
      },
    ),
  );
}
