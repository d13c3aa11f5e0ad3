/**
 * Generated from openapi/openapi.yaml by scripts/generate.mjs (npm run generate).
 * Do not edit by hand: change the spec and regenerate.
 */
export const BODY_CHECKS = Object.freeze({
  completeProductDocumentation: [[["document","document_type"],"identifier"],[["document","image_front"],"image"],[["document","image_back"],"image"],[["document","metadata"],"identifier-keys"]],
});
