/** A plain-text rendering of an enablement request: what stands, and what is still missing. */
import { isKnownEnablementStatus, type ProductEnablementRequest } from "./client/types.js";

const STATUS_TEXT: Record<string, string> = {
  requested: "requested: the request exists and has not been evaluated yet",
  pending_documentation: "pending documentation: CryptoMate is waiting for the items below",
  in_kyc: "in KYC: everything was submitted and the compliance review is running",
  enabled: "enabled: the product is active for this client",
  rejected: "rejected",
};

/** The client id as code, for the method calls the checklist names. */
const clientRef = (request: ProductEnablementRequest) => JSON.stringify(request.client_id);

function yesNo(required: boolean): string {
  return required ? "required" : "optional";
}

/** Renders the request as a readable checklist, one line per item, without trailing newline. */
export function formatChecklist(request: ProductEnablementRequest): string {
  const lines: string[] = [];
  const status = isKnownEnablementStatus(request.status)
    ? STATUS_TEXT[request.status]
    : `${request.status} (a status this client does not know yet)`;
  lines.push(`Enablement request ${request.id}`);
  lines.push(`  client:  ${request.client_id}`);
  lines.push(`  product: ${request.product}`);
  lines.push(`  status:  ${status}`);
  if (request.rejection_description) lines.push(`  reason:  ${request.rejection_description}`);
  lines.push(`  created: ${request.created_at}   updated: ${request.updated_at} (no time zone given)`);

  // Tolerate an answer that leaves the lists out (the spec says they are always there).
  const documents = request.missing_requirements?.documents ?? [];
  const data = request.missing_requirements?.data ?? [];
  lines.push("");
  if (documents.length === 0 && data.length === 0) {
    lines.push("Nothing is missing.");
    return lines.join("\n");
  }
  if (documents.length === 0) lines.push("Missing documents: none");
  else {
    lines.push(
      `Missing documents (${documents.length}), send each with completeProductDocumentation(${clientRef(request)}, "${request.id}", { document }):`,
    );
    for (const document of documents) {
      lines.push(`  [ ] ${document.name} (${document.id}, ${yesNo(document.required)}): ${document.description}`);
      lines.push("      accepted documents, any one of:");
      for (const valid of document.valid_documents ?? []) {
        const images = [valid.require_image ? "front image" : "", valid.require_back_image ? "back image" : ""]
          .filter(Boolean)
          .join(" + ");
        lines.push(`      - ${valid.name} (${valid.id})${images ? `, needs ${images}` : ", no image needed"}`);
        for (const field of valid.metadata ?? []) {
          lines.push(`          ${field.name} (${field.id}): ${field.data_type}, ${yesNo(field.required)}`);
        }
      }
    }
  }
  if (data.length === 0) lines.push("Missing data: none");
  else {
    lines.push(
      `Missing data (${data.length}), send with updateIndividualClient(${clientRef(request)}, client), every field of the client included:`,
    );
    for (const group of data) {
      lines.push(`  [ ] ${group.name} (${group.id}, ${yesNo(group.required)}): ${group.description}`);
      for (const field of group.fields ?? []) {
        lines.push(`      - ${field.key}: ${field.data_type}, ${yesNo(field.required)}`);
      }
    }
  }
  lines.push("");
  lines.push(`Then submit it: submitProductEnablementRequest(${clientRef(request)}, "${request.id}").`);
  return lines.join("\n");
}
