/**
 * The mock's scenarios, generated from the spec's named examples (generated/scenarios.json):
 * the client id that returns each example, shared by the mock server and the MSW handlers.
 */
import catalogue from "../../generated/scenarios.json" with { type: "json" };

/** A scenario: the client id that returns one of the spec's named examples. */
export interface Scenario {
  clientId: string;
  /** HTTP status of the answer. */
  status: number;
  /** Name of the spec's example it returns. */
  example: string;
  description: string;
}

/** Each scenario with the body and headers it answers with. */
export const CATALOGUE = catalogue;

export const SCENARIOS: readonly Scenario[] = catalogue.map(({ clientId, status, example, description }) => ({
  clientId,
  status,
  example,
  description,
}));
