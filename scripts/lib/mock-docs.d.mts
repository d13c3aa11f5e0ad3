/** How long the stateful mode's review takes by default, as the docs page says. */
export declare const DEFAULT_REVIEW_MS: number;
/** How many clients the stateful mode keeps, as the docs page says. */
export declare const MAX_CLIENTS: number;
/** How many requests the stateful mode keeps per client, as the docs page says. */
export declare const MAX_REQUESTS_PER_CLIENT: number;
/** The limits of the stateful mode's sandboxes, as the docs page says. */
export declare const LIMITS: { clientsPerKey: number; requestsPerKey: number; bytesPerKey: number; totalBytes: number };
/** The longest string a client may hold, as the docs page says. */
export declare const MAX_FIELD_CHARS: number;
/** The docs page's section on the stateful mode. */
export declare const STATEFUL_SECTION: string;
/** The sections the docs page adds after the spec's description. */
export declare function mockSections(scenarioTable: string): string;
/** The docs page's section on seeded faults (`--chaos`). */
export declare const CHAOS_SECTION: string;
