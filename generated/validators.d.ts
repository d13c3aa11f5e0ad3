/**
 * Generated from openapi/openapi.yaml by scripts/generate.mjs (npm run generate).
 * Do not edit by hand: change the spec and regenerate.
 */

export interface ValidatorError {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

export interface Validator {
  (value: unknown): boolean;
  errors?: ValidatorError[] | null;
}

/** Checks a value against components.schemas.IndividualClient. */
export declare const validateIndividualClient: Validator;

/** Checks a value against components.schemas.ProductEnablementRequest. */
export declare const validateProductEnablementRequest: Validator;

/** Checks a value against components.schemas.ProductEnablementRequestList. */
export declare const validateProductEnablementRequestList: Validator;

/** Checks a value against components.schemas.ProductEnablementUpdate. */
export declare const validateProductEnablementUpdate: Validator;
