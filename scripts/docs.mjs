#!/usr/bin/env node
// Builds the spec into a static Redocly docs site: docs/index.html (or the folder given).
// The page works offline: Redoc's bundle is inlined and its CDN-hosted attribution logo
// is replaced by an inline copy, so nothing is fetched from elsewhere. The mock's scenario
// tables (generated/scenarios.md, made from the spec's examples) and how to play the flow with
// its stateful mode (scripts/lib/mock-docs.mjs) are added to the description.
import { execFile } from "node:child_process";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import YAML from "yaml";
import { mockSections } from "./lib/mock-docs.mjs";

const root = fileURLToPath(new URL("../", import.meta.url));
const CDN_LOGOS = ["https://cdn.redoc.ly/redoc/logo-mini-full.svg", "https://cdn.redoc.ly/redoc/logo-mini.svg"];
const INLINE_LOGO = `data:image/svg+xml,${encodeURIComponent(
  '<svg xmlns="http://www.w3.org/2000/svg" width="60" height="12"><text x="0" y="10" font-size="10" font-family="sans-serif">Redoc</text></svg>',
)}`;

/** Builds the docs into `outDir` and returns the path of the page. */
export async function buildDocs(outDir = `${root}docs`) {
  await mkdir(outDir, { recursive: true });
  const page = resolve(outDir, "index.html");
  const spec = YAML.parse(await readFile(`${root}openapi/openapi.yaml`, "utf8"));
  const scenarios = await readFile(`${root}generated/scenarios.md`, "utf8");
  spec.info.description += mockSections(scenarios);
  const source = resolve(outDir, "openapi.yaml");
  await writeFile(source, YAML.stringify(spec));
  await promisify(execFile)(
    process.execPath,
    [
      `${root}node_modules/@redocly/cli/bin/cli.js`,
      "build-docs",
      source,
      "--output",
      page,
      "--inlineBundle",
      "--title",
      "CryptoMate product enablement API",
    ],
    { cwd: root, env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" } },
  );
  const html = await readFile(page, "utf8");
  const offline = CDN_LOGOS.reduce((text, logo) => text.split(logo).join(INLINE_LOGO), html);
  // No favicon request either: a static host without one would log a 404 on every visit.
  await writeFile(page, offline.replace("<head>", '<head><link rel="icon" href="data:,">'));
  return page;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const page = await buildDocs(process.argv[2] ? resolve(process.argv[2]) : undefined);
  console.log(`wrote ${page}`);
}
