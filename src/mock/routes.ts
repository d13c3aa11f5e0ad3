/**
 * Which operation of the spec a call is: its method and path matched against the operations
 * generated from the spec (generated/operations.js), with the path parameters decoded. Shared by
 * the mock server's front, the MSW handlers and the stateful mode; no Node built-ins.
 */
import { OPERATIONS, type OperationId } from "../../generated/operations.js";

export type { OperationId };

/** A call matched to an operation. */
export interface RouteMatch {
  operationId: OperationId;
  /** The path parameters by name (`clientId`, `productRequestId`), decoded. */
  params: Record<string, string>;
}

interface CompiledRoute {
  operationId: OperationId;
  method: string;
  pattern: RegExp;
  params: readonly string[];
}

const ROUTES: readonly CompiledRoute[] = (Object.keys(OPERATIONS) as OperationId[]).map((operationId) => {
  const { method, path, params } = OPERATIONS[operationId];
  const source = path
    .split(/\{\w+\}/)
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
    .join("([^/]+)");
  return { operationId, method, pattern: new RegExp(`^${source}/?$`), params };
});

/** The operations, in the spec's order. */
export const OPERATION_IDS: readonly OperationId[] = ROUTES.map((route) => route.operationId);

/** The method and path template of an operation. */
export function operationOf(operationId: OperationId): { method: string; path: string } {
  const { method, path } = OPERATIONS[operationId];
  return { method, path };
}

/** The operation at `method` and `path` (the path without its query), or undefined. */
export function matchRoute(method: string, path: string): RouteMatch | undefined {
  for (const route of ROUTES) {
    if (route.method !== method.toUpperCase()) continue;
    const found = route.pattern.exec(path);
    if (!found) continue;
    const params: Record<string, string> = {};
    let decoded = true;
    route.params.forEach((name, index) => {
      try {
        params[name] = decodeURIComponent(found[index + 1] ?? "");
      } catch {
        decoded = false;
      }
    });
    if (decoded) return { operationId: route.operationId, params };
  }
  return undefined;
}

/** Whether some operation lives at `path`, under any method. */
export function isOperationPath(path: string): boolean {
  return ROUTES.some((route) => route.pattern.test(path));
}
