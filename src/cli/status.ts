/**
 * `cryptomate-enable status <clientId>`: the client's enablement requests, newest first, and for
 * each pending one what is missing and the command that supplies it.
 */
import { formatChecklist, shellWord, submitCommand, uploadCommand } from "../checklist.js";
import type { ProductEnablementRequest } from "../client/types.js";
import { type Flags, makeClient } from "./args.js";
import { callFailed, hostFlags, positionalsOf, printJson, stdout } from "./output.js";

/** One way to move a pending request on, for --json. */
export interface NextStep {
  kind: "document" | "data" | "submit";
  /** The missing requirement's id (`identity_document`, `personal_information`). */
  requirement?: string;
  /** For a document: the type the command sends (any one of the requirement's types will do). */
  document_type?: string;
  /** For data: the client fields to add with updateIndividualClient. */
  fields?: string[];
  /** What to run. For data, the update comes first: the command line has none. */
  command: string;
}

/** What supplies each missing item of a pending request; nothing for a request in another status. */
export function nextSteps(request: ProductEnablementRequest, flags: readonly string[]): NextStep[] {
  if (request.status !== "pending_documentation") return [];
  const steps: NextStep[] = [];
  for (const document of request.missing_requirements?.documents ?? []) {
    for (const valid of document.valid_documents ?? []) {
      steps.push({
        kind: "document",
        requirement: document.id,
        document_type: valid.id,
        command: uploadCommand(request, valid, flags),
      });
    }
  }
  const submit = submitCommand(request, flags);
  for (const group of request.missing_requirements?.data ?? []) {
    steps.push({
      kind: "data",
      requirement: group.id,
      fields: (group.fields ?? []).map((field) => field.key),
      command: `update the client (updateIndividualClient, a full replacement), then: ${submit}`,
    });
  }
  if (steps.length === 0) steps.push({ kind: "submit", command: submit });
  return steps;
}

/** The text of `status`: a heading, then each request's checklist. */
export function formatStatus(
  clientId: string,
  requests: readonly ProductEnablementRequest[],
  flags: readonly string[],
): string {
  if (requests.length === 0) {
    const request = ["cryptomate-enable", "request", clientId, ...flags].map(shellWord).join(" ");
    return `Client ${clientId} has no enablement requests. Request one: ${request}`;
  }
  const pending = requests.filter((request) => request.status === "pending_documentation").length;
  const lines = [
    `Client ${clientId}: ${requests.length} enablement request(s), newest first; ${pending} pending documentation.`,
  ];
  for (const request of requests) {
    lines.push("", formatChecklist(request, { cliFlags: flags }));
  }
  return lines.join("\n");
}

export async function status(positionals: string[], values: Flags): Promise<number> {
  const [clientId] = positionalsOf("status", positionals, ["client id"]) as [string];
  const { client, close } = await makeClient(values);
  try {
    const requests = await client.listClientProducts(clientId);
    const flags = hostFlags(values);
    if (values.json) {
      const next = Object.fromEntries(requests.map((request) => [request.id, nextSteps(request, flags)]));
      printJson({ client_id: clientId, requests, next });
    } else stdout(`${formatStatus(clientId, requests, flags)}\n`);
    return 0;
  } catch (error) {
    return callFailed(error);
  } finally {
    await close();
  }
}
