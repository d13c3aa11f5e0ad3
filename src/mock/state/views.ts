/** How the stateful mock answers what it keeps: clients and enablement requests as the API shows them. */
import { stamp } from "./ids.js";
import type { IndividualClient, ProductEnablementRequest, StoredClient, StoredRequest } from "./types.js";

/** A client as the API answers it. */
export function clientView(client: StoredClient): IndividualClient {
  return {
    id: client.id,
    type: "individual",
    status: client.status,
    ...structuredClone(client.input),
    created_at: stamp(client.createdAt),
    updated_at: stamp(client.updatedAt),
  };
}

/** An enablement request as the API answers it, with what it still misses. */
export function requestView(request: StoredRequest): ProductEnablementRequest {
  const pending = request.status === "pending_documentation";
  return {
    id: request.id,
    client_id: request.clientId,
    product: request.product,
    status: request.status,
    missing_requirements: {
      documents: pending ? structuredClone(request.documents.filter((doc) => !request.accepted.has(doc.id))) : [],
      data: pending ? structuredClone(request.data) : [],
    },
    ...(request.rejection
      ? { rejection_code: request.rejection.code, rejection_description: request.rejection.description }
      : {}),
    created_at: stamp(request.createdAt),
    updated_at: stamp(request.updatedAt),
  };
}
