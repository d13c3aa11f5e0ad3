/** The shapes the stateful mock keeps and answers with, from the spec's generated types. */
import type { components } from "../../../generated/schema.js";

type Schemas = components["schemas"];

export type IndividualClientInput = Schemas["IndividualClientInput"];
export type IndividualClient = Schemas["IndividualClient"];
export type ProductEnablementRequest = Schemas["ProductEnablementRequest"];
export type ProductEnablementUpdate = Schemas["ProductEnablementUpdate"];
export type DocumentRequirement = Schemas["DocumentRequirement"];
export type DataRequirement = Schemas["DataRequirement"];
export type DocumentUpload = Schemas["DocumentUpload"];
export type RejectedItem = Schemas["RejectedItem"];
export type ErrorBody = Schemas["Error"];

/** What the state machine answers a call with; the adapters add the trace id. */
export interface MockAnswer {
  status: number;
  body: unknown;
}

/** A client as the mock keeps it. */
export interface StoredClient {
  id: string;
  input: IndividualClientInput;
  status: "pending" | "active" | "rejected";
  createdAt: number;
  updatedAt: number;
}

/** An enablement request as the mock keeps it. */
export interface StoredRequest {
  id: string;
  clientId: string;
  product: string;
  /** Creation order, to list the newest first whatever the clock says. */
  sequence: number;
  status: "pending_documentation" | "in_kyc" | "enabled" | "rejected";
  /** Every document requirement of the request, met or not. */
  documents: DocumentRequirement[];
  /** The ids of the document requirements met so far. */
  accepted: Set<string>;
  /**
   * The data still missing, as last evaluated against the client record: at the request, then
   * whenever the request is read or answered while it is pending.
   */
  data: DataRequirement[];
  createdAt: number;
  updatedAt: number;
  /** When the request was submitted (moved to `in_kyc`). */
  submittedAt?: number;
  /** The review's outcome, decided from the client record at submission. */
  outcome?: "enabled" | "rejected";
  rejection?: { code: string; description: string };
}
