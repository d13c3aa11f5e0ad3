import { describe, expectTypeOf, it } from "vitest";
import {
  type CryptoMateClient,
  createCryptoMateClient,
  createRateLimiter,
  type EnablementStatus,
  type ProductEnablementRequest,
  type Subproduct,
} from "../src/index.js";

declare const client: CryptoMateClient;

describe("types", () => {
  it("returns the spec's ProductEnablementRequest", () => {
    expectTypeOf(client.requestProductEnablement).returns.resolves.toEqualTypeOf<ProductEnablementRequest>();
    expectTypeOf<ProductEnablementRequest["id"]>().toEqualTypeOf<string>();
    expectTypeOf<ProductEnablementRequest["rejection_description"]>().toEqualTypeOf<string | undefined>();
    expectTypeOf<
      ProductEnablementRequest["missing_requirements"]["documents"][number]["valid_documents"][number]["metadata"][number]
    >().toEqualTypeOf<{
      id: string;
      name: string;
      data_type: string;
      required: boolean;
    }>();
    expectTypeOf<ProductEnablementRequest["missing_requirements"]["data"][number]["fields"][number]>().toEqualTypeOf<{
      key: string;
      data_type: string;
      required: boolean;
    }>();
    expectTypeOf<ProductEnablementRequest["status"]>().toEqualTypeOf<EnablementStatus>();
    expectTypeOf<"in_kyc">().toExtend<EnablementStatus>();
  });

  it("only accepts known subproducts and the documented body", () => {
    expectTypeOf<Subproduct>().toEqualTypeOf<"cards_individuals" | "ramps_cards" | "ramps_pix">();
    void client.requestProductEnablement("id", { subproduct: "cards_individuals" });
    // @ts-expect-error an unknown subproduct does not compile
    void client.requestProductEnablement("id", { subproduct: "cards_business" });
    // @ts-expect-error a misspelled field does not compile
    void client.requestProductEnablement("id", { subprodcut: "cards_individuals" });
    // @ts-expect-error the client id is required
    void client.requestProductEnablement({ subproduct: "cards_individuals" });
    // @ts-expect-error the body is required
    void client.requestProductEnablement("id");
  });

  it("takes an image's bytes or a data: URI, and nothing else, for a document", () => {
    const document = { document_type: "passport", metadata: { number: "A1" } };
    void client.completeProductDocumentation("c", "r", { document: { ...document, image_front: new Uint8Array() } });
    void client.completeProductDocumentation("c", "r", { document: { ...document, image_front: new Blob([]) } });
    void client.completeProductDocumentation("c", "r", {
      document: { ...document, image_front: "data:image/png;base64,iVBORw0KGgo", image_back: new ArrayBuffer(8) },
    });
    // @ts-expect-error an image is text or bytes, not a number
    void client.completeProductDocumentation("c", "r", { document: { ...document, image_front: 42 } });
    // @ts-expect-error the front image is required
    void client.completeProductDocumentation("c", "r", { document });
  });

  it("keeps the known statuses visible while accepting new ones", () => {
    const later: EnablementStatus = "a_status_added_later";
    void later;
    // Completion lists the known values: the union is not collapsed to string.
    expectTypeOf<Extract<EnablementStatus, "enabled">>().toEqualTypeOf<"enabled">();
    expectTypeOf<EnablementStatus>().not.toEqualTypeOf<string>();
  });

  it("takes many ids for a batch, never one string, and sends per-call headers", () => {
    void client.requestProductEnablementBatch(["a", "b"], { subproduct: "cards_individuals" }, { headers: { a: "b" } });
    void client.requestProductEnablementBatch(new Set(["a"]), { subproduct: "cards_individuals" });
    // @ts-expect-error a single id is not a list of ids
    void client.requestProductEnablementBatch("abc", { subproduct: "cards_individuals" });
    const id: string = "abc";
    // @ts-expect-error nor is a string variable
    void client.requestProductEnablementBatch(id, { subproduct: "cards_individuals" });
  });

  it("types the options", () => {
    createCryptoMateClient({ apiKey: "test-key-1", environment: "sandbox", timeoutMs: 1000, rateLimit: false });
    createCryptoMateClient({ apiKey: "test-key-1", rateLimit: createRateLimiter({ requestsPerSecond: 10 }) });
    // @ts-expect-error a store must be a RateLimitStore
    createCryptoMateClient({ apiKey: "test-key-1", rateLimit: { requestsPerSecond: 10, store: "redis://" } });
    expectTypeOf(createRateLimiter().run(async () => 42)).resolves.toEqualTypeOf<number>();
    // @ts-expect-error unknown environment
    createCryptoMateClient({ apiKey: "test-key-1", environment: "staging" });
    // @ts-expect-error misspelled option
    createCryptoMateClient({ apiKey: "test-key-1", timeout: 1000 });
  });
});
