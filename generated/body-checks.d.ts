/**
 * Generated from openapi/openapi.yaml by scripts/generate.mjs (npm run generate).
 * Do not edit by hand: change the spec and regenerate.
 */
import type { OperationId } from "./operations.js";

/** A body field checked before sending: its path, and the check (x-cryptomate-check). */
export type BodyCheck = readonly [path: readonly string[], check: "image" | "identifier" | "identifier-keys"];

export declare const BODY_CHECKS: { readonly [K in OperationId]?: readonly BodyCheck[] };
