// Bundle sizes, min+gzip, against openapi-fetch alone.
import { CORE_BUDGET, gzippedSize } from "../lib/bundle-size.mjs";
import { fmt, root, row } from "./common.mjs";

export async function size() {
  console.error("bundle size");
  const coreGz = await gzippedSize({ entryPoints: [`${root}dist/index.js`] });
  const baseGz = await gzippedSize({
    stdin: { contents: 'import createClient from "openapi-fetch"; export default createClient;', resolveDir: root },
  });
  row(
    "core entry, min+gzip, openapi-fetch included (what import loads)",
    `${fmt(coreGz / 1000)} kB`,
    `openapi-fetch alone ${fmt(baseGz / 1000)} kB`,
    fmt(coreGz / baseGz),
    `<= ${CORE_BUDGET / 1000} kB`,
  );
  const validationGz = await gzippedSize({ entryPoints: [`${root}dist/validation.js`] });
  row(
    "validation entry, min+gzip (loaded only with validateResponses)",
    `${fmt(validationGz / 1000)} kB`,
    `core ${fmt(coreGz / 1000)} kB`,
    fmt(validationGz / coreGz),
  );
}
