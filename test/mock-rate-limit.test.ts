import { describe, expect, it } from "vitest";
import { createPenaltyLimiter } from "../src/mock/rate-limit.js";

describe("the mock's rate limit", () => {
  it("blocks for 1 s, then 2 s, then 4 s on repeated violations, with whole-second Retry-After", () => {
    const check = createPenaltyLimiter(2);
    const at = 130_993.25340103717; // a clock value where (now + 1000) - now is 1000.0000000000146
    expect(check(at).allowed).toBe(true);
    expect(check(at + 1).allowed).toBe(true);
    expect(check(at + 2)).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect(check(at + 500)).toEqual({ allowed: false, retryAfterSeconds: 1 });
    // The block is over: a new burst is a second violation, blocked twice as long.
    expect(check(at + 1002).allowed).toBe(true);
    expect(check(at + 1003).allowed).toBe(true);
    expect(check(at + 1004)).toEqual({ allowed: false, retryAfterSeconds: 2 });
    expect(check(at + 3004).allowed).toBe(true);
    expect(check(at + 3005).allowed).toBe(true);
    expect(check(at + 3006)).toEqual({ allowed: false, retryAfterSeconds: 4 });
  });
});
