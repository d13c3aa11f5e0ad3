/**
 * The checks of one uploaded document: its type is one the request takes, its required metadata
 * is there, its images are JPEG or PNG data URIs of at most 10 MB, and the back image is there
 * when the type needs one. Each problem is a sentence for `rejected_items[].reason`.
 */
import { encodedImageProblem } from "../../client/image.js";
import type { DocumentRequirement, DocumentUpload, StoredRequest } from "./types.js";

/** The requirement of the request that a document type belongs to, and the type's definition. */
export function requirementOf(request: StoredRequest, documentType: string) {
  for (const requirement of request.documents) {
    const valid = requirement.valid_documents.find((candidate) => candidate.id === documentType);
    if (valid) return { requirement, valid };
  }
  return undefined;
}

const validIds = (documents: readonly DocumentRequirement[]) =>
  documents.flatMap((requirement) => requirement.valid_documents.map((valid) => valid.id));

/** Why the request does not take this document, or undefined when it does. */
export function documentProblem(request: StoredRequest, upload: DocumentUpload): string | undefined {
  const found = requirementOf(request, upload.document_type);
  if (!found) {
    return `document_type "${upload.document_type}" is not one of the documents this request takes (${validIds(request.documents).join(", ")})`;
  }
  const { requirement, valid } = found;
  if (request.accepted.has(requirement.id) && upload.replace !== true) {
    return `the ${requirement.id} requirement is already met; send the document with replace: true to replace it`;
  }
  const problems: string[] = [];
  for (const field of valid.metadata) {
    const value = upload.metadata?.[field.id];
    if (field.required && (value === undefined || value.trim() === "")) {
      problems.push(`metadata.${field.id} (${field.name}) is required for ${valid.id}`);
    }
  }
  const front = encodedImageProblem(upload.image_front);
  if (front) problems.push(`image_front ${front}`);
  if (upload.image_back !== undefined) {
    const back = encodedImageProblem(upload.image_back);
    if (back) problems.push(`image_back ${back}`);
  } else if (valid.require_back_image) {
    problems.push(`image_back is required for ${valid.id}`);
  }
  return problems.length > 0 ? problems.join("; ") : undefined;
}
