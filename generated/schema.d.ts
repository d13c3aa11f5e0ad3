/**
 * Generated from openapi/openapi.yaml by scripts/generate.mjs (npm run generate).
 * Do not edit by hand: change the spec and regenerate.
 */

export interface paths {
    "/management/clients/individuals/{clientId}/products": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Request product enablement
         * @description Starts the enablement of a product for an individual client and answers with the
         *     resulting enablement request: its status and everything that is still missing before
         *     CryptoMate can review it. Send the missing documents through *Complete product
         *     documentation* and the missing data through *Update individual client*, then move the
         *     request forward with *Submit product enablement request*.
         *
         *     The API key needs access level 3 or higher. The call changes state and is not known to
         *     be idempotent: do not resend it after an ambiguous failure (timeout, dropped
         *     connection, `5xx`).
         */
        post: operations["requestProductEnablement"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /**
         * Subproduct
         * @description A product that can be enabled for an individual client. `cards_individuals` is the
         *     only value documented today; CryptoMate may add more.
         * @enum {string}
         */
        Subproduct: "cards_individuals";
        /**
         * ProductEnablementInput
         * @description The body of a product enablement request.
         */
        ProductEnablementInput: {
            subproduct: components["schemas"]["Subproduct"];
        };
        /**
         * KnownEnablementStatus
         * @description The statuses of an enablement request documented today.
         * @enum {string}
         */
        KnownEnablementStatus: "requested" | "pending_documentation" | "in_kyc" | "enabled" | "rejected";
        /**
         * EnablementStatus
         * @description Where the enablement request stands. One of the known statuses, or a status added by
         *     CryptoMate after this document was written (handle it as "not finished yet").
         */
        EnablementStatus: components["schemas"]["KnownEnablementStatus"] | string;
        /**
         * Timestamp
         * @description A date and time of day without a time zone offset, such as `2026-04-15T10:30:00`. This
         *     is not an RFC 3339 `date-time`: the API does not state the zone.
         * @example 2026-04-15T10:30:00
         */
        Timestamp: string;
        /**
         * DataType
         * @description The kind of value a field holds. `STRING` and `PHONE` are the values seen so far; others
         *     may exist.
         * @example STRING
         * @example PHONE
         */
        DataType: string;
        /**
         * DocumentMetadataField
         * @description A value that must be sent along with a document, such as its number.
         */
        DocumentMetadataField: {
            /**
             * @description Identifier of the field.
             * @example number
             */
            id: string;
            /**
             * @description Human-readable name of the field.
             * @example Document Number
             */
            name: string;
            data_type: components["schemas"]["DataType"];
            /** @description Whether the field must be provided. */
            required: boolean;
        };
        /**
         * ValidDocument
         * @description One kind of document that satisfies a document requirement.
         */
        ValidDocument: {
            /**
             * @description Identifier of the document type, used when the document is submitted.
             * @example passport
             */
            id: string;
            /** @description Human-readable name of the document type. */
            name: string;
            /** @description What the document is. */
            description: string;
            /** @description Whether this document type is required. */
            required: boolean;
            /** @description Whether an image of the front of the document must be uploaded. */
            require_image: boolean;
            /** @description Whether an image of the back of the document must be uploaded. */
            require_back_image: boolean;
            /** @description Values that must accompany the document. */
            metadata: components["schemas"]["DocumentMetadataField"][];
        };
        /**
         * DocumentRequirement
         * @description A document that is still missing, with the document types that satisfy it.
         */
        DocumentRequirement: {
            /**
             * @description Identifier of the requirement.
             * @example identity_document
             */
            id: string;
            /** @description Human-readable name of the requirement. */
            name: string;
            /** @description What the requirement asks for. */
            description: string;
            /** @description Whether the requirement must be satisfied before the request can be submitted. */
            required: boolean;
            /** @description The document types, any one of which satisfies the requirement. */
            valid_documents: components["schemas"]["ValidDocument"][];
        };
        /**
         * DataField
         * @description A client attribute that must be provided.
         */
        DataField: {
            /**
             * @description Name of the attribute on the client, as sent to *Update individual client*.
             * @example phone
             */
            key: string;
            data_type: components["schemas"]["DataType"];
            /** @description Whether the attribute must be provided. */
            required: boolean;
        };
        /**
         * DataRequirement
         * @description A group of client data that is still missing.
         */
        DataRequirement: {
            /**
             * @description Identifier of the requirement.
             * @example personal_information
             */
            id: string;
            /** @description Human-readable name of the requirement. */
            name: string;
            /** @description What the requirement asks for. */
            description: string;
            /** @description Whether the requirement must be satisfied before the request can be submitted. */
            required: boolean;
            /** @description The attributes to provide. */
            fields: components["schemas"]["DataField"][];
        };
        /**
         * MissingRequirements
         * @description Everything CryptoMate still needs before the request can be reviewed. Both lists are empty when nothing is missing.
         */
        MissingRequirements: {
            /** @description Documents to submit through *Complete product documentation*, one per call. */
            documents: components["schemas"]["DocumentRequirement"][];
            /** @description Client data to provide through *Update individual client*. */
            data: components["schemas"]["DataRequirement"][];
        };
        /**
         * ProductEnablementRequest
         * @description A request to enable a product for a client, with its status and what it still needs.
         */
        ProductEnablementRequest: {
            /**
             * @description Identifier of the enablement request.
             * @example 2VvyMx6rNLRB1W9euCyJGe46qyoiVPzh
             */
            id: string;
            /**
             * @description The client the product is requested for.
             * @example 4QWq1rQtjnLM0wMswTRY9AmM4XTvY4GG
             */
            client_id: string;
            /**
             * @description The product requested, as sent in `subproduct`.
             * @example cards_individuals
             */
            product: string;
            status: components["schemas"]["EnablementStatus"];
            missing_requirements: components["schemas"]["MissingRequirements"];
            /** @description Why the request was rejected. Present when `status` is `rejected`. */
            rejection_description?: string;
            created_at: components["schemas"]["Timestamp"];
            updated_at: components["schemas"]["Timestamp"];
        };
        /**
         * Error
         * @description The body of a failed call. Most errors name their type in `code`; the rate-limit
         *     answer names it in `error_code`.
         */
        Error: {
            /**
             * @description Machine-readable type of the error.
             * @example NOT_FOUND
             */
            code?: string;
            /**
             * @description Machine-readable type of the error, as named by the rate-limit answer.
             * @example TOO_MANY_REQUESTS
             */
            error_code?: string;
            /** @description Human-readable explanation. */
            message: string;
            /** @description Identifier of the request in CryptoMate's logs; quote it to support. */
            trace_id?: string;
        };
    };
    responses: {
        /** @description The enablement request, with its status and what is still missing. */
        EnablementRequest: {
            headers: {
                "X-Trace-Id": components["headers"]["TraceId"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ProductEnablementRequest"];
            };
        };
        /** @description The request is malformed or fails validation. */
        BadRequest: {
            headers: {
                "X-Trace-Id": components["headers"]["TraceId"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description The API key is missing, unknown, or not allowed to perform this operation. */
        Unauthorized: {
            headers: {
                "X-Trace-Id": components["headers"]["TraceId"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description No client with this identifier exists for your company. */
        NotFound: {
            headers: {
                "X-Trace-Id": components["headers"]["TraceId"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description CryptoMate's own checks refused the request, for example because it duplicates one already made or the client failed screening. */
        PreconditionFailed: {
            headers: {
                "X-Trace-Id": components["headers"]["TraceId"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description A rate limit was exceeded. Wait `Retry-After` seconds before sending again. */
        TooManyRequests: {
            headers: {
                "Retry-After": components["headers"]["RetryAfter"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description CryptoMate failed to process the request. The outcome is unknown; check before sending it again. */
        InternalServerError: {
            headers: {
                "X-Trace-Id": components["headers"]["TraceId"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
    };
    parameters: {
        /**
         * @description Unique identifier of the individual client, as returned when the client was created.
         * @example 4QWq1rQtjnLM0wMswTRY9AmM4XTvY4GG
         */
        ClientId: string;
    };
    requestBodies: never;
    headers: {
        /**
         * @description How many seconds to wait before sending another request.
         * @example 4
         */
        RetryAfter: number;
        /**
         * @description Identifier of this request in CryptoMate's logs; quote it to support.
         * @example 4bf92f3577b34da6a3ce929d0e0e4736
         */
        TraceId: string;
    };
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    requestProductEnablement: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Unique identifier of the individual client, as returned when the client was created.
                 * @example 4QWq1rQtjnLM0wMswTRY9AmM4XTvY4GG
                 */
                clientId: components["parameters"]["ClientId"];
            };
            cookie?: never;
        };
        /** @description The product to enable. */
        requestBody: {
            content: {
                "application/json": components["schemas"]["ProductEnablementInput"];
            };
        };
        responses: {
            200: components["responses"]["EnablementRequest"];
            201: components["responses"]["EnablementRequest"];
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            412: components["responses"]["PreconditionFailed"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
        };
    };
}
