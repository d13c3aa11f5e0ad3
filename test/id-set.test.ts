import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { IdSet } from "../src/batch/id-set.js";

describe("IdSet", () => {
  it("answers like a Set of strings for any sequence of additions", () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 12 }), { maxLength: 400 }), (ids) => {
        const set = new IdSet();
        const reference = new Set<string>();
        for (const id of ids) {
          expect(set.add(id)).toBe(!reference.has(id));
          reference.add(id);
        }
        expect(set.size).toBe(reference.size);
        for (const id of ids) expect(set.has(id)).toBe(true);
        expect(set.has("\u0000not-added")).toBe(reference.has("\u0000not-added"));
      }),
    );
  });

  it("keeps a hundred thousand ids apart while growing", () => {
    const set = new IdSet();
    for (let i = 0; i < 100_000; i++) expect(set.add(`client-${i}`)).toBe(true);
    expect(set.size).toBe(100_000);
    expect(set.has("client-99999")).toBe(true);
    expect(set.has("client-100000")).toBe(false);
    expect(set.add("client-5")).toBe(false);
  });
});
