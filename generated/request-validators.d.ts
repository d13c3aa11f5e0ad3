/**
 * Generated from openapi/openapi.yaml by scripts/generate.mjs (npm run generate).
 * Do not edit by hand: change the spec and regenerate.
 */

import type { Validator } from "./validators.js";

/** Checks a request body against components.schemas.IndividualClientInput. */
export declare const validateIndividualClientInput: Validator;

/** Checks a request body against components.schemas.ProductDocumentationInput. */
export declare const validateProductDocumentationInput: Validator;

/** Checks a request body against components.schemas.ProductEnablementInput. */
export declare const validateProductEnablementInput: Validator;
