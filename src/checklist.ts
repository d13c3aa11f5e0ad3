/** A plain-text rendering of an enablement request: what stands, and what is still missing. */
import { isKnownEnablementStatus, type ProductEnablementRequest, type ValidDocument } from "./client/types.js";

const STATUS_TEXT: Record<string, string> = {
  requested: "requested: the request exists and has not been evaluated yet",
  pending_documentation: "pending documentation: CryptoMate is waiting for the items below",
  in_kyc: "in KYC: everything was submitted and the compliance review is running",
  enabled: "enabled: the product is active for this client",
  rejected: "rejected",
};

export interface ChecklistOptions {
  /**
   * Flags added to each `cryptomate-enable` command the checklist shows, such as
   * `["--base-url", "http://127.0.0.1:4010"]`, so that the commands call the same host.
   */
  cliFlags?: readonly string[];
}

/** The client id as code, for the method calls the checklist names. */
const clientRef = (request: ProductEnablementRequest) => JSON.stringify(request.client_id);

/** A word as a POSIX shell reads it: as is when plain, else in single quotes. */
export function shellWord(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

function command(words: readonly string[], flags: readonly string[] = []): string {
  return ["cryptomate-enable", ...words, ...flags].map(shellWord).join(" ");
}

/**
 * The `cryptomate-enable upload` command that sends one document of the type `valid` for the
 * request: its images as `<file>` placeholders, and each required metadata field as
 * `--meta <id>=<id>` for the caller to fill in.
 */
export function uploadCommand(
  request: ProductEnablementRequest,
  valid: ValidDocument,
  flags: readonly string[] = [],
): string {
  const words = command(["upload", request.client_id, request.id, "--type", valid.id]);
  // The API takes no document without its front image, so the command always has one.
  const images = ["--front <file>", valid.require_back_image ? "--back <file>" : ""];
  const meta = (valid.metadata ?? [])
    .filter((field) => field.required)
    .map((field) => `--meta ${shellWord(field.id)}=<${field.id}>`);
  return [words, ...images, ...meta, ...flags.map(shellWord)].filter(Boolean).join(" ");
}

/** The `cryptomate-enable submit` command for the request. */
export function submitCommand(request: ProductEnablementRequest, flags: readonly string[] = []): string {
  return command(["submit", request.client_id, request.id], flags);
}

function yesNo(required: boolean): string {
  return required ? "required" : "optional";
}

/**
 * Renders the request as a readable checklist, one line per item, without trailing newline:
 * each missing item with the method and the `cryptomate-enable` command that supplies it.
 */
export function formatChecklist(request: ProductEnablementRequest, options: ChecklistOptions = {}): string {
  const flags = options.cliFlags ?? [];
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

  const submit = `submitProductEnablementRequest(${clientRef(request)}, "${request.id}")`;
  // Tolerate an answer that leaves the lists out (the spec says they are always there).
  const documents = request.missing_requirements?.documents ?? [];
  const data = request.missing_requirements?.data ?? [];
  lines.push("");
  if (documents.length === 0 && data.length === 0) {
    lines.push("Nothing is missing.");
    if (request.status === "pending_documentation") {
      lines.push(`Submit it: ${submit}, or: ${submitCommand(request, flags)}`);
    }
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
        lines.push(`          upload: ${uploadCommand(request, valid, flags)}`);
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
    lines.push(
      `  The command line has no update: update the client (updateIndividualClient, a full replacement), then run ${submitCommand(request, flags)}`,
    );
  }
  lines.push("");
  lines.push(`Then submit it: ${submit}.`);
  lines.push(`  or: ${submitCommand(request, flags)}`);
  return lines.join("\n");
}
