/**
 * Generated from openapi/openapi.yaml by scripts/generate.mjs (npm run generate).
 * Do not edit by hand: change the spec and regenerate.
 */
import type { operations } from "./schema.js";

/** The JSON body an operation takes. */
type JsonBody<O> = O extends { requestBody: { content: { "application/json": infer B } } } ? B : never;
/** The JSON an operation answers on success (any 2xx). */
type JsonSuccess<O> = O extends { responses: infer R }
  ? { [S in keyof R]: S extends 200 | 201 | 202 ? (R[S] extends { content: { "application/json": infer C } } ? C : never) : never }[keyof R]
  : never;

export type OperationId = "createIndividualClient" | "getIndividualClient" | "updateIndividualClient" | "listClientProducts" | "requestProductEnablement" | "completeProductDocumentation" | "submitProductEnablementRequest";

/** What a client may do again after a failure whose outcome is unknown (x-cryptomate-retry). */
export interface RetryRule {
  readonly ambiguous: "resend" | "check-then-resend" | "never";
  readonly processedIf?: readonly number[];
  readonly check?: string;
}

export interface OperationInfo {
  readonly method: "GET" | "PUT" | "POST" | "PATCH" | "DELETE";
  /** The path template, such as /management/clients/individuals/{clientId}. */
  readonly path: string;
  /** The path's parameters, in path order. */
  readonly params: readonly string[];
  readonly body: boolean;
  /** The success schema's name, and whether it is a list. */
  readonly schema: string;
  readonly list: boolean;
  readonly retry: RetryRule;
}

export declare const OPERATIONS: { readonly [K in OperationId]: OperationInfo };

/** Each operation's arguments: path parameters in path order, then the body when there is one. */
export interface OperationArgs {
  createIndividualClient: [body: JsonBody<operations["createIndividualClient"]>];
  getIndividualClient: [clientId: string];
  updateIndividualClient: [clientId: string, body: JsonBody<operations["updateIndividualClient"]>];
  listClientProducts: [clientId: string];
  requestProductEnablement: [clientId: string, body: JsonBody<operations["requestProductEnablement"]>];
  completeProductDocumentation: [clientId: string, productRequestId: string, body: JsonBody<operations["completeProductDocumentation"]>];
  submitProductEnablementRequest: [clientId: string, productRequestId: string];
}

/** Each operation's answer on success. */
export type OperationResult = { [K in OperationId]: JsonSuccess<operations[K]> };
