/** Names for the spec's shapes, taken from the generated types. */
import type { components } from "../../generated/schema.js";

type Schemas = components["schemas"];

/** A product enablement request, as answered with 200 or 201. */
export type ProductEnablementRequest = Schemas["ProductEnablementRequest"];
/** The body of a request: which product to enable. */
export type ProductEnablementInput = Schemas["ProductEnablementInput"];
/** Products that can be requested (`"cards_individuals"`). */
export type Subproduct = Schemas["Subproduct"];
/** Statuses documented today. */
export type KnownEnablementStatus = Schemas["KnownEnablementStatus"];
/** A status: a known one, or any string the API adds later. */
export type EnablementStatus = Schemas["EnablementStatus"];
export type MissingRequirements = Schemas["MissingRequirements"];
export type DocumentRequirement = Schemas["DocumentRequirement"];
export type ValidDocument = Schemas["ValidDocument"];
export type DocumentMetadataField = Schemas["DocumentMetadataField"];
export type DataRequirement = Schemas["DataRequirement"];
export type DataField = Schemas["DataField"];
/** The JSON body of a failed call. */
export type ApiErrorBody = Schemas["Error"];

export type { components, operations, paths } from "../../generated/schema.js";

/** The statuses documented today, in lifecycle order. */
export const KNOWN_ENABLEMENT_STATUSES: readonly KnownEnablementStatus[] = Object.freeze([
  "requested",
  "pending_documentation",
  "in_kyc",
  "enabled",
  "rejected",
]);

/** True when `status` is one of the statuses documented today. */
export function isKnownEnablementStatus(status: string): status is KnownEnablementStatus {
  return (KNOWN_ENABLEMENT_STATUSES as readonly string[]).includes(status);
}
