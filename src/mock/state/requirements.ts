/**
 * What the stateful mock asks for, following the documented flow: an identity document (a
 * passport, or a national identity card with its back), and the phone when the client record
 * has none. Every product asks for the same.
 */
import type { DataRequirement, DocumentRequirement, IndividualClientInput } from "./types.js";

const NUMBER = { id: "number", name: "Document Number", data_type: "STRING", required: true };

/** The identity document every request asks for, as the documented example describes it. */
export const IDENTITY_DOCUMENT: DocumentRequirement = {
  id: "identity_document",
  name: "Identity document",
  description: "A valid government-issued identity document",
  required: true,
  valid_documents: [
    {
      id: "passport",
      name: "Passport",
      description: "A valid passport",
      required: true,
      require_image: true,
      require_back_image: false,
      metadata: [NUMBER],
    },
    {
      id: "national_id",
      name: "National identity card",
      description: "A valid national identity card, front and back",
      required: true,
      require_image: true,
      require_back_image: true,
      metadata: [NUMBER],
    },
  ],
};

/** The data requirement listed while the client record has no phone. */
export const PERSONAL_INFORMATION: DataRequirement = {
  id: "personal_information",
  name: "Personal information",
  description: "Personal information needed for KYC",
  required: true,
  fields: [{ key: "phone", data_type: "PHONE", required: true }],
};

/** The document requirements of a new request for `product`. */
export function documentsFor(_product: string): DocumentRequirement[] {
  return [structuredClone(IDENTITY_DOCUMENT)];
}

/** The data a client record lacks: the phone, unless both of its fields are set. */
export function missingData(client: IndividualClientInput): DataRequirement[] {
  const hasPhone = client.phone_country_code !== undefined && client.phone_number !== undefined;
  return hasPhone ? [] : [structuredClone(PERSONAL_INFORMATION)];
}

/** The last name that makes the review reject a request (any case): see the spec's description. */
export const REJECTED_LAST_NAME = "Rejected";

/** The rejection the review gives a client whose last name is {@link REJECTED_LAST_NAME}. */
export const REJECTION = {
  code: "KYC_REJECTED",
  description: "The identity document could not be verified.",
} as const;

/** Whether the review rejects this client. */
export const rejectedByReview = (client: IndividualClientInput): boolean =>
  client.last_name.trim().toLowerCase() === REJECTED_LAST_NAME.toLowerCase();
