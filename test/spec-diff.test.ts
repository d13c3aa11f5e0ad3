import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import YAML from "yaml";
import { root, run } from "./helpers/process.js";
import { spec } from "./helpers/spec.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "cryptomate-spec-diff-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

type Spec = typeof spec;
const operation = (document: Spec) => document.paths["/management/clients/individuals/{clientId}/products"].post;

/** Writes the current spec, changed by `change`, and returns its path. */
async function fixture(name: string, change: (document: Spec) => void = () => undefined): Promise<string> {
  const document = structuredClone(spec);
  change(document);
  const path = join(dir, `${name}.yaml`);
  await writeFile(path, YAML.stringify(document));
  return path;
}

function specDiff(args: string[], env: Record<string, string> = {}) {
  return run(process.execPath, [`${root}scripts/spec-diff.mjs`, ...args], { env });
}

/** The script's own lines of one kind ("breaking", "added", ...), read from Optic's structured report. */
const lines = (stdout: string, kind: string) =>
  stdout.split("\n").filter((line) => line.startsWith(`spec:diff: ${kind}: `));

const withTwoProducts = (document: Spec) => {
  document.components.schemas.Subproduct.enum = ["cards_individuals", "cards_business"];
};

describe("npm run spec:diff", () => {
  for (const [name, before, after, named] of [
    [
      "a removed response",
      undefined,
      (d: Spec) => delete operation(d).responses["412"],
      "must not remove response status code 412",
    ],
    ["a removed enum value", withTwoProducts, undefined, "cards_business"],
    [
      "a new required request field",
      undefined,
      (d: Spec) => {
        const input = d.components.schemas.ProductEnablementInput;
        input.properties.country = { type: "string", description: "Country of the client" };
        input.required = [...input.required, "country"];
      },
      "country",
    ],
  ] as const) {
    it(`exits non-zero on ${name} and names it`, async () => {
      const base = await fixture(`${name}-base`, before);
      const head = await fixture(`${name}-head`, after);
      const result = await specDiff(["--base-file", base, "--head-file", head]);
      expect(result.code, result.stdout).toBe(1);
      expect(lines(result.stdout, "breaking").join("\n"), result.stdout).toContain(named);
      expect(result.stderr).toContain("spec:diff: breaking change");
    }, 60_000);
  }

  it("exits 0 on a new optional response field", async () => {
    const base = await fixture("optional-base");
    const head = await fixture("optional-head", (d) => {
      d.components.schemas.ProductEnablementRequest.properties.risk_level = {
        type: "string",
        description: "How risky CryptoMate judges the client",
      };
    });
    const result = await specDiff(["--base-file", base, "--head-file", head]);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(lines(result.stdout, "added"), result.stdout).toContain(
      "spec:diff: added: /components/schemas/ProductEnablementRequest/properties/risk_level",
    );
    expect(lines(result.stdout, "breaking")).toEqual([]);
    expect(result.stdout).toContain("spec:diff: no breaking change");
  }, 60_000);

  it("lets a breaking change through only with a major changeset", async () => {
    const base = await fixture("gate-base");
    const head = await fixture("gate-head", (d) => delete operation(d).responses["404"]);
    const changesets = await mkdtemp(join(dir, "changesets-"));
    const args = ["--base-file", base, "--head-file", head, "--require-changeset"];
    const env = { SPEC_DIFF_CHANGESETS: changesets };
    await writeFile(join(changesets, "minor.md"), '---\n"cryptomate-product-enablement": minor\n---\n\nA feature.\n');
    const refused = await specDiff(args, env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("it needs a major changeset");
    await writeFile(join(changesets, "major.md"), '---\n"cryptomate-product-enablement": major\n---\n\nNo more 404.\n');
    const accepted = await specDiff(args, env);
    expect(accepted.code, accepted.stderr).toBe(0);
    expect(accepted.stdout).toContain("breaking change acknowledged by a major changeset");
  }, 60_000);

  it("compares with a git ref, and checks that ref's type tests still compile", async () => {
    const result = await specDiff(["--base", "HEAD"]);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toContain("the type tests of HEAD compile against the current types");
    const unknown = await specDiff(["--base", "no-such-ref-anywhere"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("no openapi/openapi.yaml at no-such-ref-anywhere");
  }, 60_000);
});
