#!/usr/bin/env node
// Sets the spec's info.version to the package's version (the spec is versioned with the package
// that ships it). Run by npm's `version` lifecycle; `--check` only reports a mismatch (exit 1).
import { readFile, writeFile } from "node:fs/promises";

const root = new URL("../", import.meta.url);
const { version } = JSON.parse(await readFile(new URL("package.json", root), "utf8"));
const specUrl = new URL("openapi/openapi.yaml", root);
const spec = await readFile(specUrl, "utf8");
const line = /^(info:\n(?:[ ]{2}.*\n)*?[ ]{2}version: )(.*)$/m;
const current = line.exec(spec)?.[2];
if (current === undefined) throw new Error("openapi/openapi.yaml has no info.version");
if (current === version) process.exit(0);
if (process.argv.includes("--check")) {
  console.error(`info.version is ${current} but the package is ${version}: run node scripts/sync-version.mjs`);
  process.exit(1);
}
await writeFile(specUrl, spec.replace(line, `$1${version}`));
console.log(`openapi/openapi.yaml: info.version ${current} -> ${version}`);
