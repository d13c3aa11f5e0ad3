/** Create, get and update an individual client, in the stateful mock. */
import { badRequest, clientExists, clientNotFound, ok } from "./answers.js";
import { newId } from "./ids.js";
import { bodyProblem, tooLong } from "./input.js";
import type { Store } from "./store.js";
import type { IndividualClientInput, MockAnswer } from "./types.js";
import { clientView } from "./views.js";

/** Whether another client of the company already has this email (the documented duplicate). */
function emailTaken(store: Store, email: string, except?: string): boolean {
  const owner = store.emailOwner(email);
  return owner !== undefined && owner !== except;
}

export function createIndividualClient(store: Store, body: unknown): MockAnswer {
  const problem = bodyProblem("IndividualClientInput", body) ?? tooLong(body);
  if (problem) return badRequest(problem);
  const input = structuredClone(body) as IndividualClientInput;
  if (emailTaken(store, input.email)) return clientExists();
  const at = store.now();
  let id = newId();
  while (store.clients.has(id)) id = newId();
  const client = { id, input, status: "pending" as const, createdAt: at, updatedAt: at };
  const refused = store.addClient(client);
  if (refused) return refused;
  return ok(clientView(client), 201);
}

export function getIndividualClient(store: Store, clientId: string): MockAnswer {
  const client = store.client(clientId);
  return client ? ok(clientView(client)) : clientNotFound(clientId);
}

/** A full replacement: the body is checked like a new client's, and replaces the client's data. */
export function updateIndividualClient(store: Store, clientId: string, body: unknown): MockAnswer {
  const client = store.client(clientId);
  if (!client) return clientNotFound(clientId);
  const problem = bodyProblem("IndividualClientInput", body) ?? tooLong(body);
  if (problem) return badRequest(problem);
  const input = structuredClone(body) as IndividualClientInput;
  if (emailTaken(store, input.email, client.id)) return clientExists();
  const refused = store.replaceInput(client, input);
  if (refused) return refused;
  client.updatedAt = Math.max(store.now(), client.updatedAt);
  return ok(clientView(client));
}
