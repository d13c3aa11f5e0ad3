/**
 * The mock's scenarios, generated from the spec's named examples (generated/scenarios.json):
 * for every operation, the client id (or, for createIndividualClient, the body's email) that
 * returns each example. Shared by the mock server and the MSW handlers; no Node built-ins.
 */
import catalogue from "../../generated/scenarios.json" with { type: "json" };
import type { OperationId } from "./routes.js";

/** A scenario: the client id, or email, that returns one of the spec's named examples of an operation. */
export interface Scenario {
  /** The operation it answers. */
  operationId: OperationId;
  method: string;
  /** The operation's path template. */
  path: string;
  /** The client id that picks it, for the operations with a client id in their path. */
  clientId?: string;
  /** The body's `email` that picks it, for createIndividualClient, which has no id in its path. */
  email?: string;
  /** HTTP status of the answer. */
  status: number;
  /** Name of the spec's example it returns. */
  example: string;
  description: string;
  /**
   * The modes of the mock in which its client id (or email) and the `Prefer` header pick it:
   * every mode but `--proxy`, whose upstream answers every call itself.
   */
  modes: readonly ScenarioMode[];
}

/** The modes in which scenario ids and `Prefer: code=…, example=…` pick an answer. */
export const SCENARIO_MODES = ["examples", "dynamic", "stateful"] as const;

export type ScenarioMode = (typeof SCENARIO_MODES)[number];

/** A scenario with the body and headers it answers with. */
export interface ScenarioEntry extends Omit<Scenario, "modes"> {
  body: unknown;
  headers: Record<string, string>;
}

/** Each scenario with the body and headers it answers with. */
export const CATALOGUE = catalogue as readonly ScenarioEntry[];

export const SCENARIOS: readonly Scenario[] = CATALOGUE.map(({ body: _body, headers: _headers, ...scenario }) => ({
  ...scenario,
  modes: SCENARIO_MODES,
}));

const byKey = new Map(CATALOGUE.map((entry) => [`${entry.operationId} ${entry.clientId ?? entry.email}`, entry]));

/** The scenario an operation's call picks by its client id, or by its body's email. */
export function scenarioFor(operationId: OperationId, key: string | undefined): ScenarioEntry | undefined {
  return key === undefined ? undefined : byKey.get(`${operationId} ${key}`);
}

/** The key a call picks a scenario by: its client id, or for createIndividualClient its body's email. */
export function scenarioKey(params: Record<string, string>, body: unknown): string | undefined {
  if (params.clientId !== undefined) return params.clientId;
  const email = (body as { email?: unknown } | undefined)?.email;
  return typeof email === "string" ? email : undefined;
}

/**
 * The answer an operation gives when no scenario is picked: its first success example, with
 * `201 Created` where the spec lists it (the documented answer of the calls that create
 * something, which may also list `200`).
 */
export function defaultScenario(operationId: OperationId): ScenarioEntry {
  const successes = CATALOGUE.filter((entry) => entry.operationId === operationId && entry.status < 300);
  return (successes.find((entry) => entry.status === 201) ?? successes[0]) as ScenarioEntry;
}

/**
 * The `Prefer` header that makes Prism give an operation's default answer, when Prism on its
 * own would not (it picks the lowest 2xx status).
 */
export function defaultPrefer(operationId: OperationId): string | undefined {
  const fallback = defaultScenario(operationId);
  const lowest = Math.min(
    ...CATALOGUE.filter((entry) => entry.operationId === operationId && entry.status < 300).map((e) => e.status),
  );
  return fallback.status === lowest ? undefined : `code=${fallback.status}, example=${fallback.example}`;
}

/**
 * The scenario a `Prefer` header asks for (`code=404`, `example=inKyc`, or both) among an
 * operation's, if any.
 */
export function preferredScenario(
  operationId: OperationId,
  header: string | null | undefined,
): ScenarioEntry | undefined {
  if (!header) return undefined;
  const code = /\bcode=(\d{3})/.exec(header)?.[1];
  const example = /\bexample=([\w-]+)/.exec(header)?.[1];
  if (!code && !example) return undefined;
  return CATALOGUE.find(
    (entry) =>
      entry.operationId === operationId &&
      (code === undefined ? entry.status < 300 : entry.status === Number(code)) &&
      (example === undefined || entry.example === example),
  );
}
