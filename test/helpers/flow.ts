/** Values the flow's tests share: a valid client and a valid document, from the spec's examples. */
import type { components } from "../../generated/schema.js";

type Schemas = components["schemas"];

/** The documented example person, as create and update take it. */
export const PERSON: Schemas["IndividualClientInput"] = {
  first_name: "Maria",
  last_name: "Barber",
  email: "mjuliabarber@example.com",
  birth_date: "1984-11-21",
  address: { street_line1: "Florida 9860", city: "Del Viso", postal_code: "1669", state: "ARG-B", country: "ARG" },
};

/** A passport upload, as completeProductDocumentation takes it. */
export const DOCUMENTATION: Schemas["ProductDocumentationInput"] = {
  document: { document_type: "passport", image_front: "data:image/jpeg;base64,/9j/4AAQ", metadata: { number: "A1" } },
};

/** The documented example enablement request's id. */
export const PRODUCT_REQUEST_ID = "2VvyMx6rNLRB1W9euCyJGe46qyoiVPzh";
