#!/usr/bin/env node
// The breaking-change gate of the spec.
//
//   npm run spec:diff -- --base <git-ref>       compare openapi/openapi.yaml with the spec at <ref>
//   npm run spec:diff                           ... with the latest v* tag (or say there is none)
//   npm run spec:diff -- --base-file a.yaml [--head-file b.yaml]   compare files (fixtures)
//   --require-changeset                         a breaking change passes only with a major changeset
//
// Two checks, both offline:
//   1. Optic's diff with its breaking-change rules (removed responses, removed enum values, new
//      required request fields, ...): named one by one; exit 1 when any is found.
//   2. With a git ref: the type tests of that release (test/types.test-d.ts) must still compile
//      against the current sources and generated types, as users' code would have to.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const root = fileURLToPath(new URL("../", import.meta.url));
const PACKAGE = JSON.parse(readFileSync(`${root}package.json`, "utf8")).name;
const work = `${root}.tmp/spec-diff`;

const { values } = parseArgs({
  options: {
    base: { type: "string" },
    "base-file": { type: "string" },
    "head-file": { type: "string" },
    "require-changeset": { type: "boolean", default: false },
  },
});

const git = (...args) => execFileSync("git", args, { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });

function latestReleaseTag() {
  try {
    return git("tag", "--list", "v*", "--sort=-v:refname").split("\n").find(Boolean);
  } catch {
    return undefined;
  }
}

/** The spec at a git ref, written to a file; exits 2 naming the ref when it has none. */
function specAt(ref) {
  let text;
  try {
    text = git("show", `${ref}:openapi/openapi.yaml`);
  } catch (error) {
    console.error(`spec:diff: no openapi/openapi.yaml at ${ref}: ${String(error.stderr ?? error.message).trim()}`);
    process.exit(2);
  }
  const path = `${work}/base.yaml`;
  writeFileSync(path, text);
  return path;
}

/** True when a pending changeset bumps this package by a major version. */
function majorChangeset() {
  const folder = process.env.SPEC_DIFF_CHANGESETS ?? `${root}.changeset`;
  if (!existsSync(folder)) return false;
  return readdirSync(folder)
    .filter((file) => file.endsWith(".md") && file !== "README.md")
    .some((file) => {
      const front = /^---\n([\s\S]*?)\n---/.exec(readFileSync(`${folder}/${file}`, "utf8"))?.[1] ?? "";
      return new RegExp(`^["']?${PACKAGE}["']?:\\s*major\\s*$`, "m").test(front);
    });
}

/** Compiles the given release's type tests against the current code. */
function releaseTypesCompile(ref) {
  let text;
  try {
    text = git("show", `${ref}:test/types.test-d.ts`);
  } catch {
    console.log(`spec:diff: ${ref} has no test/types.test-d.ts; type check skipped`);
    return true;
  }
  // Beside the current type tests, so that its relative imports resolve the same way.
  const file = `${root}test/.release-types.ts`;
  writeFileSync(file, text);
  writeFileSync(
    `${work}/tsconfig.json`,
    JSON.stringify({ extends: "../../tsconfig.json", include: [], files: ["../../test/.release-types.ts"] }),
  );
  try {
    const result = spawnSync(
      process.execPath,
      [`${root}node_modules/typescript/bin/tsc`, "-p", `${work}/tsconfig.json`],
      {
        cwd: root,
        encoding: "utf8",
      },
    );
    if (result.status === 0) {
      console.log(`spec:diff: the type tests of ${ref} compile against the current types`);
      return true;
    }
    console.error(`spec:diff: the type tests of ${ref} no longer compile:\n${result.stdout}${result.stderr}`);
    return false;
  } finally {
    rmSync(file, { force: true });
  }
}

/** Every object in a `diffs` array under `value`: { change, before?, after? } with JSON pointers. */
function diffsIn(value, found = []) {
  if (Array.isArray(value)) for (const item of value) diffsIn(item, found);
  else if (value && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      if (key === "diffs" && Array.isArray(item)) found.push(...item);
      else diffsIn(item, found);
    }
  }
  return found;
}

/**
 * One line per change (its kind and the JSON pointer of what changed) and one per broken rule
 * (where, and what the rule says), read from Optic's ci-run-details.json.
 */
function summarize(file) {
  if (!existsSync(file)) {
    console.log("spec:diff: Optic left no ci-run-details.json; see its output above");
    return;
  }
  const report = JSON.parse(readFileSync(file, "utf8"));
  for (const run of report.completed ?? []) {
    for (const diff of diffsIn(run.comparison?.groupedDiffs)) {
      console.log(`spec:diff: ${diff.change}: ${diff.after ?? diff.before}`);
    }
    for (const rule of run.comparison?.results ?? []) {
      if (rule.passed || rule.exempted) continue;
      console.log(`spec:diff: breaking: ${rule.where}: ${rule.error} (${rule.name})`);
    }
  }
  for (const run of report.failed ?? []) console.log(`spec:diff: Optic could not compare: ${JSON.stringify(run)}`);
}

mkdirSync(work, { recursive: true });
let base = values["base-file"];
let ref = values.base;
if (base === undefined) {
  ref ??= latestReleaseTag();
  if (ref === undefined) {
    console.log("spec:diff: there is no v* release tag to compare with; pass --base <git-ref>");
    process.exit(0);
  }
  base = specAt(ref);
}
const head = values["head-file"] ?? `${root}openapi/openapi.yaml`;

// Run in the work folder: in CI mode Optic leaves a ci-run-details.json where it runs, the
// structured form of its report, which the lines below read (its printed text is for people).
const details = `${work}/ci-run-details.json`;
rmSync(details, { force: true });
const optic = spawnSync(
  process.execPath,
  [`${root}node_modules/@useoptic/optic/build/index.js`, "diff", resolve(base), resolve(head), "--check"],
  {
    cwd: work,
    encoding: "utf8",
    env: { ...process.env, OPTIC_TELEMETRY_LEVEL: "none", CI: "true" },
  },
);
// Optic's pointers to its web and cloud views do not apply offline.
process.stdout.write(
  optic.stdout
    .split("\n")
    .filter((line) => !/--web flag|useoptic\.com/.test(line))
    .join("\n"),
);
process.stderr.write(optic.stderr);
const breaking = optic.status !== 0;
summarize(details);
const typesOk = ref === undefined || releaseTypesCompile(ref);

if (!breaking && typesOk) {
  console.log(`spec:diff: no breaking change${ref ? ` since ${ref}` : ""}`);
  process.exit(0);
}
if (values["require-changeset"] && majorChangeset()) {
  console.log("spec:diff: breaking change acknowledged by a major changeset");
  process.exit(0);
}
console.error(
  `spec:diff: breaking change${ref ? ` since ${ref}` : ""}${
    values["require-changeset"] ? ": it needs a major changeset (npx changeset, choose major)" : ""
  }`,
);
process.exit(1);
