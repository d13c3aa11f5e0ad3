/**
 * The enablement requests of the stateful mock: request one, list them, complete one's
 * documentation, submit it. Statuses move as documented: `pending_documentation` on request,
 * `in_kyc` on a submission with nothing missing, then `enabled` or `rejected` after the review,
 * as decided from the client record at submission.
 */
import {
  alreadyActive,
  badRequest,
  clientNotFound,
  invalidProduct,
  notPending,
  ok,
  requestNotFound,
} from "./answers.js";
import { documentProblem, requirementOf } from "./documents.js";
import { newId } from "./ids.js";
import { bodyIssues, bodyProblem } from "./input.js";
import { documentsFor, missingData, rejectedByReview } from "./requirements.js";
import type { Store } from "./store.js";
import type { DocumentUpload, MockAnswer, RejectedItem, StoredClient, StoredRequest } from "./types.js";
import { requestView } from "./views.js";

/**
 * Evaluates a pending request's data requirements again, against the client record as it is
 * now: the request shrinks as the data arrives (and grows back if it is taken away), dated
 * by the client's update that changed it.
 */
function refresh(client: StoredClient, request: StoredRequest): void {
  if (request.status !== "pending_documentation") return;
  const data = missingData(client.input);
  if (JSON.stringify(data) === JSON.stringify(request.data)) return;
  request.data = data;
  request.updatedAt = Math.max(request.updatedAt, client.updatedAt);
}

export function listClientProducts(store: Store, clientId: string): MockAnswer {
  const client = store.client(clientId);
  if (!client) return clientNotFound(clientId);
  const requests = store.requestsOf(clientId);
  for (const request of requests) refresh(client, request);
  return ok(requests.map(requestView));
}

/**
 * A new request, `pending_documentation` with what it misses; 409 while another request of the
 * client for the product is not rejected; 412 for a product the spec does not list, naming those
 * it lists.
 */
export function requestProductEnablement(store: Store, clientId: string, body: unknown): MockAnswer {
  const client = store.client(clientId);
  if (!client) return clientNotFound(clientId);
  const issues = bodyIssues("ProductEnablementInput", body);
  const [first] = issues;
  if (issues.length === 1 && first?.keyword === "enum") return invalidProduct(first.allowed ?? []);
  if (issues.length > 0) return badRequest(issues.map((issue) => issue.text).join("; "));
  const product = (body as { subproduct: string }).subproduct;
  const active = store
    .requestsOf(clientId)
    .some((request) => request.product === product && request.status !== "rejected");
  if (active) return alreadyActive();
  const at = store.now();
  let id = newId();
  while (store.requests.has(id)) id = newId();
  const request: StoredRequest = {
    id,
    clientId,
    product,
    sequence: store.nextSequence(),
    status: "pending_documentation",
    documents: documentsFor(product),
    accepted: new Set(),
    data: missingData(client.input),
    createdAt: at,
    updatedAt: at,
  };
  const refused = store.addRequest(request);
  if (refused) return refused;
  return ok(requestView(request), 201);
}

/** The client and its request, its data evaluated again, or the 404 that says which is unknown. */
function find(
  store: Store,
  clientId: string,
  requestId: string,
): { client: StoredClient; request: StoredRequest } | MockAnswer {
  const client = store.client(clientId);
  if (!client) return clientNotFound(clientId);
  const request = store.request(clientId, requestId);
  if (!request) return requestNotFound(requestId);
  refresh(client, request);
  return { client, request };
}

/** One document: it meets its requirement when it passes the checks, else comes back rejected. */
export function completeProductDocumentation(
  store: Store,
  clientId: string,
  requestId: string,
  body: unknown,
): MockAnswer {
  const found = find(store, clientId, requestId);
  if ("status" in found) return found;
  const { request } = found;
  if (request.status !== "pending_documentation") return notPending();
  const problem = bodyProblem("ProductDocumentationInput", body);
  if (problem) return badRequest(problem);
  const upload = (body as { document: DocumentUpload }).document;
  const rejected: RejectedItem[] = [];
  const reason = documentProblem(request, upload);
  if (reason) rejected.push({ type: "document", key: upload.document_type, reason });
  else request.accepted.add(requirementOf(request, upload.document_type)?.requirement.id as string);
  request.updatedAt = Math.max(store.now(), request.updatedAt);
  return ok({ product: requestView(request), rejected_items: rejected });
}

/**
 * Checks the request again, its data against the client record as it is now: with nothing
 * missing it moves to `in_kyc`; otherwise it stays and the answer lists what is left.
 */
export function submitProductEnablementRequest(store: Store, clientId: string, requestId: string): MockAnswer {
  const found = find(store, clientId, requestId);
  if ("status" in found) return found;
  const { client, request } = found;
  if (request.status !== "pending_documentation") return notPending();
  const at = Math.max(store.now(), request.updatedAt);
  request.data = missingData(client.input);
  const documentsLeft = request.documents.some((doc) => doc.required && !request.accepted.has(doc.id));
  if (!documentsLeft && request.data.length === 0) {
    request.status = "in_kyc";
    request.submittedAt = at;
    request.outcome = rejectedByReview(client.input) ? "rejected" : "enabled";
  }
  request.updatedAt = at;
  return ok({ product: requestView(request), rejected_items: [] });
}
