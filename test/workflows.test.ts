import { readdir, writeFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import YAML from "yaml";
import { root, run } from "./helpers/process.js";

const folder = `${root}.github/workflows`;
const validator = `${root}node_modules/@action-validator/cli/cli.mjs`;
const validate = (file: string) => run(process.execPath, [validator, file]);

describe("GitHub Actions workflows", async () => {
  const files = (await readdir(folder)).filter((file) => file.endsWith(".yml"));

  it("has CI, release and docs workflows", () => {
    expect(files.sort()).toEqual(["ci.yml", "docs.yml", "release.yml"]);
  });

  for (const file of files) {
    it(`${file} passes the workflow schema validator`, async () => {
      const result = await validate(`${folder}/${file}`);
      expect(result.code, result.stdout + result.stderr).toBe(0);
    });
  }

  it("the validator really refuses a broken workflow", async () => {
    const broken = `${root}.tmp/broken-workflow.yml`;
    await writeFile(broken, "name: x\non: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    stepz: []\n");
    const result = await validate(broken);
    expect(result.code).not.toBe(0);
    // Its JSON report (on stderr), not its wording: the error is at the job that has the unknown key.
    const report = JSON.parse(result.stderr) as { errors: Array<{ path: string }> };
    expect(report.errors.map((error) => error.path)).toContain("/jobs/a");
    expect(JSON.stringify(report.errors)).toContain("stepz");
  });

  it("CI lints, tests on Node 20, 22 and 24, then runs the runtimes and the browser checks", async () => {
    const ci = YAML.parse(await (await import("node:fs/promises")).readFile(`${folder}/ci.yml`, "utf8"));
    expect(Object.keys(ci.on)).toEqual(["push", "pull_request"]);
    expect(ci.jobs.test.strategy.matrix.node).toEqual([20, 22, 24]);
    expect(ci.jobs.test.needs).toBe("lint");
    expect(ci.jobs.runtimes.needs).toBe("test");
    expect(ci.jobs.browser.needs).toBe("runtimes");
    expect(JSON.stringify(ci.jobs.lint.steps)).toContain("spec:diff -- --require-changeset");
  });

  it("release publishes with provenance through changesets, and docs go to GitHub Pages", async () => {
    const read = async (file: string) =>
      YAML.parse(await (await import("node:fs/promises")).readFile(`${folder}/${file}`, "utf8"));
    const release = await read("release.yml");
    expect(release.permissions["id-token"]).toBe("write");
    expect(JSON.stringify(release.jobs.release.steps)).toContain("npm publish --provenance");
    expect(JSON.stringify(release.jobs.release.steps)).toContain("changesets/action");
    const docs = await read("docs.yml");
    expect(JSON.stringify(docs.jobs)).toContain("actions/deploy-pages");
    expect(docs.permissions.pages).toBe("write");
  });
});
