/**
 * Properties of the image scrub: whatever surrounds an image a server echoes (a data: URI of
 * any parameters, or a long base64 run, wrapped in lines or not), no part of it survives in
 * the text, nor in anything an error built from the answer shows, on every path that keeps a
 * body, against a real local server.
 */
import type { ServerResponse } from "node:http";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { scrubImages } from "../src/client/image-scrub.js";
import { type CryptoMateClientOptions, createCryptoMateClient } from "../src/index.js";
import { shown } from "./helpers/error-views.js";
import { PRODUCT_REQUEST_ID } from "./helpers/flow.js";
import { rejection, SEED_CLIENT_ID, serverPerTest, TEST_KEY } from "./helpers/server.js";

const serve = serverPerTest();

const WRAPS = ["", "\r\n", "\n", "\r\n ", "\\r\\n"] as const;

/** An echoed image: its base64 text, and that text as it appears (maybe in a data: URI, wrapped). */
const echoedImage = fc
  .record({
    // Any length from 30 bytes to 2,400 (fast-check's default size would keep arrays short).
    bytes: fc.integer({ min: 30, max: 2400 }).chain((n) => fc.uint8Array({ minLength: n, maxLength: n })),
    uri: fc.option(
      fc.constantFrom(
        "image/jpeg",
        "IMAGE/PNG",
        'image/jpeg;name="passport front.jpg"',
        "image/png;charset=binary",
        "application/octet-stream",
        "",
      ),
    ),
    wrap: fc.constantFrom(...WRAPS),
    width: fc.constantFrom(64, 76),
  })
  .map(({ bytes, uri, wrap, width }) => {
    const base64 = Buffer.from(bytes).toString("base64");
    const lines = wrap ? (base64.match(new RegExp(`.{1,${width}}`, "g")) ?? []) : [base64];
    const shown = lines.join(wrap);
    return { base64, lines, wrap, text: uri === null ? shown : `data:${uri};base64,${shown}` };
  })
  // A bare run is image data when it is long (1000) or holds a + or a line break (200).
  .filter(
    ({ base64, text, wrap }) =>
      text.startsWith("data:") ||
      base64.length >= 1000 ||
      (base64.length >= 200 && (wrap !== "" || base64.includes("+"))),
  );

/** Text around the image: short enough that it cannot hold a 40-character piece of it. */
const around = fc.string({ maxLength: 30, unit: fc.constantFrom(..."ab Z9+/=:;,.\"'<>()[]{}\\\n\r\t-_%é€") });

/** The pieces of the image that must not be shown: each line's first 40 characters. */
const pieces = (lines: readonly string[]) => lines.filter((line) => line.length >= 40).map((line) => line.slice(0, 40));

function expectNone(text: string, lines: readonly string[]) {
  for (const piece of pieces(lines)) expect(text).not.toContain(piece);
}

describe("scrubImages", () => {
  it("leaves no 40-character piece of an echoed image, whatever surrounds it", () => {
    fc.assert(
      fc.property(around, echoedImage, around, (before, image, after) => {
        const scrubbed = scrubImages(`${before}${image.text}${after}`);
        expectNone(scrubbed, image.lines);
        expect(scrubbed).toContain("[image data]");
      }),
      { numRuns: 500 },
    );
  });

  it("finds images whose + and / a server escaped: \\u002B, &#43;, %2B, escaped once or more", () => {
    const ESCAPES = [
      ["\\u002B", "\\u002F"],
      ["\\u002b", "\\u002f"],
      ["\\\\u002B", "\\\\u002F"],
      ["&#43;", "&#47;"],
      ["&#x2B;", "&#x2F;"],
      ["%2B", "%2F"],
    ] as const;
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 600, maxLength: 3000 }),
        fc.constantFrom(...ESCAPES),
        (bytes, [plus, slash]) => {
          const escaped = Buffer.from(bytes).toString("base64").replaceAll("+", plus).replaceAll("/", slash);
          const scrubbed = scrubImages(`{"echo":"${escaped}"}`);
          const pieces = escaped.split(/\\+u002[bfBF]|&#x?[0-9a-fA-F]+;|%2[BF]/).filter((piece) => piece.length >= 40);
          for (const piece of pieces) expect(scrubbed).not.toContain(piece);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("finds images wrapped in lines whose breaks a server escaped: %0D%0A, &#10;, \\u000A", () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 300, maxLength: 3000 }),
        fc.constantFrom("%0D%0A", "%0a", "&#10;", "&#13;&#10;", "&#xA;", "\\u000A", "\\u000d\\u000a"),
        (bytes, wrap) => {
          const lines =
            Buffer.from(bytes)
              .toString("base64")
              .match(/.{1,76}/g) ?? [];
          const scrubbed = scrubImages(`image=${lines.join(wrap)}`);
          for (const line of lines.filter((piece) => piece.length >= 40)) expect(scrubbed).not.toContain(line);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("passes over long runs of backslashes and ampersands whole, keeping them as they were", () => {
    for (const text of ["\\".repeat(200_000), "&".repeat(200_000), `${"\\".repeat(100_000)}x&#43`]) {
      expect(scrubImages(text)).toBe(text);
    }
  });

  it("leaves text without base64 runs of 200 characters, and without data: URIs, as it was", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (text) => {
        fc.pre(!/data:/i.test(text) && !/[A-Za-z0-9+/=_\-%\\]{200}/.test(text));
        expect(scrubImages(text)).toBe(text);
      }),
      { numRuns: 300 },
    );
  });
});

type Answer = (res: ServerResponse, text: string) => void;

const send = (status: number, type: string, body: string, headers: Record<string, string> = {}) => {
  return (res: ServerResponse) => {
    res.writeHead(status, { "content-type": type, ...headers });
    res.end(body);
  };
};

/** Every way an answer's text reaches an error that keeps it. */
const PATHS: Record<string, Answer> = {
  "a 400's JSON message": (res, text) => send(400, "application/json", JSON.stringify({ message: text }))(res),
  "a 409's nested JSON, as a key and a value": (res, text) =>
    send(409, "application/json", JSON.stringify({ details: [{ [text]: { echo: text } }] }))(res),
  "a 502's HTML": (res, text) => send(502, "text/html", `<html><body><p>${text}</p></body></html>`)(res),
  "a 200 of truncated JSON": (res, text) =>
    send(200, "application/json", JSON.stringify({ document: { image_front: text } }).slice(0, -2))(res),
  "a 200 of text that is not JSON": (res, text) => send(200, "application/json", `echo ${text}`)(res),
  "a 200 of another content type": (res, text) =>
    send(200, "text/plain", JSON.stringify({ document: { image_front: text } }))(res),
  "a 200 that fails validation": (res, text) =>
    send(200, "application/json", JSON.stringify({ document: { image_front: text } }))(res),
};

/** A client that neither logs, retries nor paces: each answer becomes its error at once. */
const quietClient = (baseUrl: string, extra: Partial<CryptoMateClientOptions> = {}) =>
  createCryptoMateClient({ apiKey: TEST_KEY, baseUrl, logLevel: "off", maxRetries: 0, rateLimit: false, ...extra });

describe("errors built from an answer that echoes an image", () => {
  it("show no piece of it, on any path that keeps the body", async () => {
    let answer: (res: ServerResponse) => void = send(500, "text/plain", "");
    const server = await serve((_req, res) => answer(res));
    const client = quietClient(server.url, { validateResponses: true });
    const upload = {
      document: {
        document_type: "passport",
        image_front: "data:image/jpeg;base64,/9j/4AAQ",
        metadata: { number: "1" },
      },
    };
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...Object.keys(PATHS)),
        around,
        echoedImage,
        around,
        async (path, a, image, b) => {
          answer = (res) => PATHS[path]?.(res, `${a}${image.text}${b}`);
          const error = await rejection(
            client.completeProductDocumentation(SEED_CLIENT_ID, PRODUCT_REQUEST_ID, upload),
          );
          expectNone(shown(error), image.lines);
        },
      ),
      { numRuns: 150 },
    );
  });

  it("show no piece of an image in a header or a redirect's Location", async () => {
    let answer: (res: ServerResponse) => void = send(500, "text/plain", "");
    const server = await serve((_req, res) => answer(res));
    const client = quietClient(server.url);
    await fc.assert(
      fc.asyncProperty(
        echoedImage.filter((image) => image.wrap === ""),
        fc.boolean(),
        async (image, redirect) => {
          answer = redirect
            ? send(302, "text/plain", "", { location: `${server.url}/elsewhere?img=${image.text}` })
            : send(400, "text/plain", "refused", { "x-echo": image.text });
          const error = await rejection(client.getIndividualClient(SEED_CLIENT_ID));
          expectNone(shown(error), image.lines);
        },
      ),
      { numRuns: 60 },
    );
  });
});
