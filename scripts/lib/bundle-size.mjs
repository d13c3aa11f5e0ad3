// What an entry of dist/ costs a user, minified and gzipped (level 9), for the size budget test
// and the benchmarks. Dynamic imports are left out: they load only when the feature that needs
// them is used (the validator, batches, limiter.run, a shared store, tracing).
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

/** Marks every `import()` as external. */
const lazyChunksExternal = {
  name: "lazy-chunks-external",
  setup(builder) {
    builder.onResolve({ filter: /.*/ }, (args) =>
      args.kind === "dynamic-import" ? { path: args.path, external: true } : undefined,
    );
  },
};

/** Gzipped bytes of `input` (esbuild entryPoints or stdin), bundled, minified, ESM. */
export async function gzippedSize(input) {
  const result = await build({
    ...input,
    bundle: true,
    minify: true,
    format: "esm",
    platform: "neutral",
    write: false,
    logLevel: "silent",
    plugins: [lazyChunksExternal],
  });
  return gzipSync(result.outputFiles.map((file) => file.text).join(""), { level: 9 }).length;
}

/** The budget of the core entry, openapi-fetch included, in bytes. */
export const CORE_BUDGET = 11_392;
