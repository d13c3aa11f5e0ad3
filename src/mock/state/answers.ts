/** The answers the stateful mock gives besides successes: the documented error bodies. */
import type { MockAnswer } from "./types.js";

export const ok = (body: unknown, status = 200): MockAnswer => ({ status, body });

export const badRequest = (message: string): MockAnswer => ({ status: 400, body: { code: "BAD_REQUEST", message } });

export const unauthorized = (): MockAnswer => ({
  status: 401,
  body: { code: "UNAUTHORIZED", message: "The API key is missing: send it in the x-api-key header" },
});

export const clientNotFound = (id: string): MockAnswer => ({
  status: 404,
  body: { code: "NOT_FOUND", message: `Company client not found with id: ${id}` },
});

export const requestNotFound = (id: string): MockAnswer => ({
  status: 404,
  body: { code: "NOT_FOUND", message: `Product enablement request not found with id: ${id}` },
});

export const routeNotFound = (method: string, path: string): MockAnswer => ({
  status: 404,
  body: { code: "NOT_FOUND", message: `Resource not found: no operation at ${method} ${path}` },
});

export const clientExists = (): MockAnswer => ({
  status: 400,
  body: { code: "VAL", message: "Company client already exists for this company" },
});

export const alreadyActive = (): MockAnswer => ({
  status: 409,
  body: { code: "VAL", message: "An enablement request is already active for this product" },
});

export const notPending = (): MockAnswer => ({
  status: 409,
  body: { code: "VAL", message: "The enablement request is not pending documentation" },
});

export const invalidProduct = (): MockAnswer => ({ status: 412, body: { code: "VAL", message: "Invalid product" } });
