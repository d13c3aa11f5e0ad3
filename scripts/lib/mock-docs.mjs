// The docs page's sections about the package's mock: its scenarios (generated/scenarios.md, made
// from the spec's examples) and how to play the whole flow with its stateful mode.

/** How long the stateful mode's review takes by default (src/mock/state/store.ts). */
export const DEFAULT_REVIEW_MS = 3000;

/** How many clients the stateful mode keeps per API key (src/mock/state/limits.ts). */
export const MAX_CLIENTS = 10_000;

/** How many requests it keeps per client (src/mock/state/limits.ts). */
export const MAX_REQUESTS_PER_CLIENT = 100;

/** The limits of the sandboxes (DEFAULT_LIMITS in src/mock/state/limits.ts). */
export const LIMITS = {
  clientsPerKey: MAX_CLIENTS,
  requestsPerKey: 20_000,
  bytesPerKey: 8_000_000,
  totalBytes: 48_000_000,
};

/** The longest string a client may hold (src/mock/state/limits.ts). */
export const MAX_FIELD_CHARS = 1000;

const n = (value) => value.toLocaleString("en-US");

/** The stateful mode: the rules it plays the flow by, and how to start it. */
export const STATEFUL_SECTION = `## Playing the flow with the stateful mock

\`cryptomate-enable-mock --stateful\` plays the flow above from memory instead of answering
each call with an example, so that code can be taken through every step and every status.
The same state machine runs in process as MSW handlers, \`createMockHandlers({ stateful: true })\`
of \`cryptomate-product-enablement/msw\`, and from code as \`startMock({ stateful: true })\`.
No Prism process is started.

\`\`\`sh
npx cryptomate-enable-mock --stateful --review-ms 2000
\`\`\`

| step | call | what the stateful mock does |
| --- | --- | --- |
| 1 | *Create individual client* | keeps the client and answers \`201\` with a new 32-character id; a second client with the same \`email\` is refused with \`400\` \`VAL\` |
| 2 | *Request product enablement* | answers \`201\` \`pending_documentation\`: an identity document is missing (a \`passport\`, or a \`national_id\` with \`image_back\`, each with its \`number\` in \`metadata\`), and the \`phone\` when the client has none; \`409\` while the client has a request for the product that is not \`rejected\`; \`412\` \`Invalid product\` for a product the spec does not list |
| 3 | *Update individual client* | replaces the client whole; a body missing a required field is refused with \`400\` naming it. A pending request's \`missing_requirements.data\` follows the client record: once the phone is added, it is no longer listed |
| 4 | *Complete product documentation* | checks the document: a \`document_type\` the request takes, every required metadata field, JPEG or PNG images of at most 10 MB, as \`data:\` URIs or bare base64 (the type read from its first bytes), the back image when required. A document that passes leaves \`missing_requirements\`; one that fails comes back in \`rejected_items\` with the reason |
| 5 | *Submit product enablement request* | checks the documents and the client's data as they are now: \`in_kyc\` when nothing is missing, else \`200\` with what is left and the status unchanged |

*List client products* answers the client's requests, newest first. After the review
(\`--review-ms\`, \`reviewMs\`; ${DEFAULT_REVIEW_MS} ms by default) an \`in_kyc\` request is \`enabled\`, or
\`rejected\` with a \`rejection_code\` and a \`rejection_description\` when the client's last name
is **\`Rejected\`** (in any case) at submission: give a test client that last name to play a
rejection. A rejected request no longer blocks a new one for the same product. Unknown clients
and requests are answered \`404\` \`NOT_FOUND\`, a call without \`x-api-key\` \`401\`. A
documentation body may be up to 32 MB; any other, 1 MB. Every request is checked: the stateful
mode cannot be combined with \`--no-errors\`.

Every API key has a sandbox of its own: the clients, requests and email index it created.
Another key's ids answer \`404\`, exactly as ids that never existed, and the same email may be
used under two keys. \`POST /__mock/reset\` with a key forgets that key's sandbox only; without
a key it is \`401\` (with MSW, \`handlers.reset(apiKey)\` forgets one sandbox and
\`handlers.reset()\` every one). Keys appear in no answer or log; a log names a key by its
fingerprint, the first 8 hex digits of a salted SHA-256 (\`keyFingerprint\` of
\`cryptomate-product-enablement/mock\`).

Its memory is bounded in bytes as well as in counts, by limits of its own (CryptoMate documents
none but 10 MB per image). Each string of a client holds at most ${n(MAX_FIELD_CHARS)} characters (past it, \`400\`
naming the field). A key keeps at most ${n(MAX_CLIENTS)} clients, ${n(LIMITS.requestsPerKey)} requests and ${n(LIMITS.bytesPerKey)} bytes
(\`--limits clients=N,requests=N,bytes=N\`): past them it forgets its own oldest clients with
their requests (they then answer \`404\`, and their emails are free again), never another key's;
and at most ${MAX_REQUESTS_PER_CLIENT} requests per client, a new one making it forget the client's oldest rejected
request. All keys together keep at most ${n(LIMITS.totalBytes)} bytes (\`--limits total=N\`): past that, new
data is refused with \`507\` \`MOCK_FULL\` and nothing is forgotten, until a key resets its
sandbox. \`--state-file <path>\` keeps the sandboxes across restarts, written atomically a
moment after each change.

Every answer but the \`507\` is valid against this document.

Errors on demand work in the stateful mode too, for every operation: a scenario's client id
or email (the table above) and \`Prefer: code=…\` / \`Prefer: example=…\` answer with the spec's
example and change no state, so that 401, 429 and 500 screens can be tested against it. A
\`Prefer\` naming no documented answer of the operation is a \`404\`; a call without \`x-api-key\`,
or with a body that breaks the spec, is still answered \`401\` or \`400\` first.
\`GET /__mock/scenarios\` gives each scenario's \`modes\`: \`examples\`, \`dynamic\` and \`stateful\`
(never \`--proxy\`).
`;

/** Seeded faults: the profile's items, what "the same faults" means, and the per-call header. */
export const CHAOS_SECTION = `## Faults on demand: \`--chaos\`

A seeded fault profile, the same in every mode of \`cryptomate-enable-mock\` (examples,
\`--dynamic\`, \`--stateful\`, \`--proxy\`), in \`startMock({ chaos })\` and in the MSW handlers,
\`createMockHandlers({ chaos })\`:

\`\`\`sh
npx cryptomate-enable-mock --stateful --chaos seed=7,latency=20-200,429=0.05,5xx-before=0.05,5xx-after=0.05,drop=0.02
\`\`\`

| item | what a call gets |
| --- | --- |
| \`seed=N\` | the seed (default 0): the same seed gives the same faults |
| \`latency=MS\` or \`latency=MIN-MAX\` | a wait before anything else, in milliseconds |
| \`429=R\` | \`429\` with \`Retry-After\` (\`retry-after=S\`, default 1 second), before processing |
| \`5xx-before=R\` | \`500\` before processing: nothing changed |
| \`5xx-after=R\` | \`500\` after processing: the call was carried out and its answer is lost |
| \`drop=R\` (or \`drop-after=R\`) | the connection is dropped after processing (with MSW, a network error) |
| \`drop-before=R\` | the connection is dropped before processing |

Rates are fractions of calls, adding up to at most 1. The 429s and 500s it adds carry
\`x-mock-chaos\`. Faults apply to the API's operations only, never to \`/__mock/*\`. A call's own
\`Prefer: chaos="429=0.2,5xx-after=0.1"\` applies that profile to it alone, without the server-wide
flag (\`Prefer: chaos=off\` exempts it).

A call's draw is a hash of the profile, its API key, method, operation and body bytes, and n: how
many earlier calls with that same key, method, operation and body the mock process (or the
handlers) has seen since it started, or since that key's \`POST /__mock/reset\`. Path ids are left
out, so that the ids the stateful mode makes up do not change the draws. The same calls meet the
same faults, in whatever order concurrent calls arrive, except the same operation with the same
body and key sent twice at once, which may trade draws.
`;

/** The sections the docs page adds after the spec's description. */
export function mockSections(scenarioTable) {
  return `
## Mock scenarios

The package's mock (\`cryptomate-enable-mock\`, and the MSW handlers of \`cryptomate-product-enablement/msw\`) answers each operation's scenarios with the spec's examples, so that code under test can choose an answer without any header.

${scenarioTable}
${STATEFUL_SECTION}
${CHAOS_SECTION}`;
}
