/**
 * Generated from openapi/openapi.yaml by scripts/generate.mjs (npm run generate).
 * Do not edit by hand: change the spec and regenerate.
 */
export const OPERATIONS = Object.freeze({
  createIndividualClient: {"method":"POST","path":"/management/clients/individuals","params":[],"body":true,"schema":"IndividualClient","list":false,"retry":{"ambiguous":"never"}},
  getIndividualClient: {"method":"GET","path":"/management/clients/individuals/{clientId}","params":["clientId"],"body":false,"schema":"IndividualClient","list":false,"retry":{"ambiguous":"resend"}},
  updateIndividualClient: {"method":"PUT","path":"/management/clients/individuals/{clientId}","params":["clientId"],"body":true,"schema":"IndividualClient","list":false,"retry":{"ambiguous":"resend"}},
  listClientProducts: {"method":"GET","path":"/management/clients/individuals/{clientId}/products","params":["clientId"],"body":false,"schema":"ProductEnablementRequestList","list":true,"retry":{"ambiguous":"resend"}},
  requestProductEnablement: {"method":"POST","path":"/management/clients/individuals/{clientId}/products","params":["clientId"],"body":true,"schema":"ProductEnablementRequest","list":false,"retry":{"ambiguous":"resend","processedIf":[409]}},
  completeProductDocumentation: {"method":"POST","path":"/management/clients/individuals/{clientId}/products/{productRequestId}/documentation","params":["clientId","productRequestId"],"body":true,"schema":"ProductEnablementUpdate","list":false,"retry":{"ambiguous":"check-then-resend","check":"listClientProducts"},"checked":true},
  submitProductEnablementRequest: {"method":"POST","path":"/management/clients/individuals/{clientId}/products/{productRequestId}/submit","params":["clientId","productRequestId"],"body":false,"schema":"ProductEnablementUpdate","list":false,"retry":{"ambiguous":"resend","processedIf":[409]}},
});
