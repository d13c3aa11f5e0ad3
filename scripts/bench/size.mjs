// Bundle sizes, min+gzip, against openapi-fetch alone.
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { fmt, root, row } from "./common.mjs";

export async function size() {
  console.error("bundle size");
  // The validator is loaded on demand: it is not part of the core's cost.
  const gzipped = async (input) => {
    const result = await build({
      ...input,
      bundle: true,
      minify: true,
      format: "esm",
      platform: "neutral",
      write: false,
      logLevel: "silent",
      external: ["./validation.js"],
    });
    return gzipSync(result.outputFiles.map((file) => file.text).join(""), { level: 9 }).length;
  };
  const coreGz = await gzipped({ entryPoints: [`${root}dist/index.js`] });
  const baseGz = await gzipped({
    stdin: { contents: 'import createClient from "openapi-fetch"; export default createClient;', resolveDir: root },
  });

  row(
    "core entry, min+gzip, openapi-fetch included",
    `${fmt(coreGz / 1000)} kB`,
    `openapi-fetch alone ${fmt(baseGz / 1000)} kB`,
    fmt(coreGz / baseGz),
    "<= 5 kB",
  );
  const validationGz = await gzipped({ entryPoints: [`${root}dist/validation.js`] });
  row(
    "validation entry, min+gzip (loaded only with validateResponses)",
    `${fmt(validationGz / 1000)} kB`,
    `core ${fmt(coreGz / 1000)} kB`,
    fmt(validationGz / coreGz),
  );
}
