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

/** An image as the client takes it: base64 text (a `data:` URI), or its bytes. */
export type ImageInput = string | Uint8Array | ArrayBuffer | Blob;
/** `T` with the field at `Path` widened to take an image's bytes. */
type WithImage<T, Path extends readonly string[]> = Path extends readonly [infer Head, ...infer Rest extends string[]]
  ? { [K in keyof T]: K extends Head ? (Rest extends [] ? ImageInput | Exclude<T[K], string> : WithImage<T[K], Rest>) : T[K] }
  : T;

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
  /** Whether some body fields are checked before sending (x-cryptomate-check; see body-checks.js). */
  readonly checked?: true;
}

export declare const OPERATIONS: { readonly [K in OperationId]: OperationInfo };

/** Each operation's arguments: path parameters in path order, then the body when there is one. */
export interface OperationArgs {
  createIndividualClient: [body: JsonBody<operations["createIndividualClient"]>];
  getIndividualClient: [clientId: string];
  updateIndividualClient: [clientId: string, body: JsonBody<operations["updateIndividualClient"]>];
  listClientProducts: [clientId: string];
  requestProductEnablement: [clientId: string, body: JsonBody<operations["requestProductEnablement"]>];
  completeProductDocumentation: [clientId: string, productRequestId: string, body: WithImage<WithImage<JsonBody<operations["completeProductDocumentation"]>, ["document","image_front"]>, ["document","image_back"]>];
  submitProductEnablementRequest: [clientId: string, productRequestId: string];
}

/** Each operation's answer on success. */
export type OperationResult = { [K in OperationId]: JsonSuccess<operations[K]> };
