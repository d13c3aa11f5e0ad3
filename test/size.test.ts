import { describe, expect, it } from "vitest";
import { CORE_BUDGET, gzippedSize } from "../scripts/lib/bundle-size.mjs";
import { requireBuild, root } from "./helpers/process.js";

describe("size budget", () => {
  it(`keeps what importing the core entry loads, openapi-fetch included, at or under ${CORE_BUDGET} bytes min+gzip`, async () => {
    const core = await gzippedSize({ entryPoints: [requireBuild("index.js")] });
    const openapiFetch = await gzippedSize({
      stdin: { contents: 'export { default } from "openapi-fetch";', resolveDir: root },
    });
    expect(core).toBeGreaterThan(openapiFetch);
    expect(core).toBeLessThanOrEqual(CORE_BUDGET);
  });
});
