/**
 * What the README's mock sections and the docs page (scripts/lib/mock-docs.mjs) say about the
 * mock agrees with what it does: the default answer, the images taken, the memory kept.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  CHAOS_SECTION,
  MAX_CLIENTS as DOCUMENTED_MAX_CLIENTS,
  MAX_FIELD_CHARS as DOCUMENTED_MAX_FIELD_CHARS,
  LIMITS,
  mockSections,
  STATEFUL_SECTION,
} from "../scripts/lib/mock-docs.mjs";
import { CHAOS_ITEMS } from "../src/mock/chaos/profile.js";
import { DEFAULT_LIMITS, MAX_CLIENTS, SCENARIOS } from "../src/mock/start.js";
import { MAX_FIELD_CHARS } from "../src/mock/state/limits.js";
import { MAX_REQUESTS_PER_CLIENT } from "../src/mock/state/store.js";
import { root } from "./helpers/process.js";

const readme = readFileSync(`${root}README.md`, "utf8");
const mockSection = readme.slice(readme.indexOf("## The mock server"), readme.indexOf("## The docs"));
const statefulSection = mockSection.slice(0, mockSection.indexOf("### Scenarios by client id"));
const flat = (text: string) => text.replace(/\s+/g, " ");

describe("the mock's documentation", () => {
  it("gives the default answer of requestProductEnablement as the mock does: 201", () => {
    const row = mockSection.split("\n").find((line) => line.startsWith("| (none)"));
    const created = SCENARIOS.find((s) => s.operationId === "requestProductEnablement" && s.status === 201);
    expect(created?.example).toBe("pendingDocumentation");
    expect(row).toMatch(/\|\s*201, the documented `pending_documentation` request\s*\|/);
    expect(flat(mockSection)).not.toMatch(/\(none\)\s*\|\s*200/);
  });

  it("says bare base64 is taken as well as a data: URI, its type read from its first bytes", () => {
    for (const text of [flat(statefulSection), flat(STATEFUL_SECTION)]) {
      expect(text).toContain("or bare base64");
      expect(text).toContain("read from its first bytes");
    }
  });

  it("gives the limits of the stateful mode's memory as the code does", () => {
    expect(DOCUMENTED_MAX_CLIENTS).toBe(MAX_CLIENTS);
    const limit = MAX_CLIENTS.toLocaleString("en-US");
    for (const text of [flat(statefulSection), flat(STATEFUL_SECTION)]) {
      expect(text).toContain(`at most ${limit} clients`);
      expect(text).toContain(`${MAX_REQUESTS_PER_CLIENT} requests per client`);
    }
  });

  it("gives each key's limits, the shared budget and the string cap as the code does", () => {
    expect(LIMITS).toEqual(DEFAULT_LIMITS);
    expect(DOCUMENTED_MAX_FIELD_CHARS).toBe(MAX_FIELD_CHARS);
    const docs = flat(STATEFUL_SECTION);
    const readmeText = flat(statefulSection);
    for (const value of [DEFAULT_LIMITS.requestsPerKey, DEFAULT_LIMITS.bytesPerKey, DEFAULT_LIMITS.totalBytes]) {
      expect(docs).toContain(value.toLocaleString("en-US"));
      expect(readmeText).toContain(value.toLocaleString("en-US"));
    }
    expect(docs).toContain(`at most ${MAX_FIELD_CHARS.toLocaleString("en-US")} characters`);
    expect(readmeText).toContain(`${MAX_FIELD_CHARS.toLocaleString("en-US")} characters`);
  });

  it("says the stateful mode refuses --no-errors", () => {
    expect(flat(statefulSection)).toContain("refuses `--no-errors`");
  });

  it("says errors on demand work in the stateful mode, and changes no state", () => {
    for (const text of [flat(statefulSection), flat(STATEFUL_SECTION)]) {
      expect(text).toMatch(/Errors on demand work (here|in the stateful mode) too, for every operation/);
      expect(text).toContain("`Prefer: code=…` / `Prefer: example=…`");
      expect(text).toMatch(/change (nothing|no state)/);
    }
  });

  it("documents every item of --chaos, the per-call Prefer, and what the same seed repeats", () => {
    const chaosSection = flat(mockSection.slice(mockSection.indexOf("### Faults on demand: `--chaos`")));
    expect(mockSections("")).toContain(CHAOS_SECTION);
    for (const text of [chaosSection, flat(CHAOS_SECTION)]) {
      for (const item of CHAOS_ITEMS) expect(text, item).toContain(`\`${item}=`);
      expect(text).toContain('Prefer: chaos="429=0.2,5xx-after=0.1"');
      expect(text).toContain("Prefer: chaos=off");
      expect(text).toContain("never to `/__mock/*`");
      expect(text).toContain("API key, method, operation and body bytes, and n");
    }
  });
});
