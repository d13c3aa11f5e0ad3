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

/** A product the spec does not list: CryptoMate's `412 Invalid product`, naming the ones it lists. */
export const invalidProduct = (allowed: readonly unknown[]): MockAnswer => ({
  status: 412,
  body: { code: "VAL", message: `Invalid product: subproduct must be one of [${allowed.join(", ")}]` },
});

/** One API key's sandbox cannot take the call's data, even after forgetting its own oldest clients. */
export const sandboxFull = (limit: string): MockAnswer => ({
  status: 507,
  body: {
    code: "MOCK_SANDBOX_FULL",
    message: `This API key's sandbox is full (${limit}); nothing was changed. POST /__mock/reset with this key clears it`,
  },
});

/** All the sandboxes together are full: the call is refused rather than another key's data forgotten. */
export const mockFull = (totalBytes: number): MockAnswer => ({
  status: 507,
  body: {
    code: "MOCK_FULL",
    message: `The mock is full: all API keys together keep at most ${totalBytes} bytes; nothing was changed. POST /__mock/reset with your key clears your sandbox, or restart the mock with a higher --limits total=N`,
  },
});
