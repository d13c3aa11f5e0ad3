import { describe, expect, it } from "vitest";
import { requireBuild, root, run, start } from "./helpers/process.js";

describe("the main job (scripts/start.mjs, which npm start runs after building)", () => {
  it("runs the main job against an embedded mock with no credentials and exits 0", async () => {
    requireBuild("index.js");
    const env = { CRYPTOMATE_API_KEY: "" };
    const result = await run(process.execPath, [`${root}scripts/start.mjs`], { env });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("Enablement request 2VvyMx6rNLRB1W9euCyJGe46qyoiVPzh");
    expect(result.stdout).toContain("status:  pending documentation");
    expect(result.stdout).toMatch(/\[ \] Identity document \(identity_document, required\)/);
    expect(result.stdout).toMatch(/- Passport \(passport\), needs front image/);
    expect(result.stdout).toMatch(/Document Number \(number\): STRING, required/);
    expect(result.stdout).toContain("Missing data: none");
    expect(result.stdout).toContain(
      "upload: cryptomate-enable upload 4QWq1rQtjnLM0wMswTRY9AmM4XTvY4GG 2VvyMx6rNLRB1W9euCyJGe46qyoiVPzh --type passport --front <file> --meta number=<number> --base-url http://127.0.0.1:4010",
    );
    expect(result.stdout).toContain(
      "or: cryptomate-enable submit 4QWq1rQtjnLM0wMswTRY9AmM4XTvY4GG 2VvyMx6rNLRB1W9euCyJGe46qyoiVPzh --base-url http://127.0.0.1:4010",
    );
    // No command it prints may reach production: each names the local mock, and says how to start it.
    const commands = result.stdout.split("\n").filter((line) => /cryptomate-enable (upload|submit) /.test(line));
    expect(commands.length).toBeGreaterThan(1);
    for (const line of commands) expect(line).toContain("--base-url http://127.0.0.1:4010");
    expect(result.stdout).toContain("npm run mock");
  });
});

describe("the mock command", () => {
  it("serves the spec on the port it is given and stops on SIGINT", async () => {
    const entry = requireBuild("mock-cli.js");
    const { freePort } = await import("../src/mock/start.js");
    const port = await freePort();
    const mock = start(process.execPath, [entry, "--port", String(port), "--quiet"]);
    try {
      await mock.waitFor("Stop with Ctrl-C");
      expect(mock.output().stdout).toContain(`http://127.0.0.1:${port}`);
      expect(mock.output().stdout).toContain("test_404_notFound");
      expect(mock.output().stdout).toContain('-H "Prefer: code=404"');
      const response = await fetch(`http://127.0.0.1:${port}/management/clients/individuals/abc/products`, {
        method: "POST",
        headers: { "x-api-key": "any", "content-type": "application/json", prefer: "example=inKyc" },
        body: JSON.stringify({ subproduct: "cards_individuals" }),
      });
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ status: "in_kyc" });
    } finally {
      mock.child.kill("SIGINT");
    }
    const finished = await mock.done;
    expect(finished.code).toBe(0);
    await expect(fetch(`http://127.0.0.1:${port}/`)).rejects.toThrow();
  });

  it("generates schema-valid answers in dynamic mode", async () => {
    const entry = requireBuild("mock-cli.js");
    const { freePort } = await import("../src/mock/start.js");
    const { validationIssues } = await import("../src/validation.js");
    const port = await freePort();
    const mock = start(process.execPath, [entry, "--port", String(port), "--dynamic", "--quiet"]);
    try {
      await mock.waitFor("Stop with Ctrl-C");
      expect(mock.output().stdout).toContain("Dynamic mode");
      const response = await fetch(`http://127.0.0.1:${port}/management/clients/individuals/abc/products`, {
        method: "POST",
        headers: { "x-api-key": "any", "content-type": "application/json" },
        body: JSON.stringify({ subproduct: "cards_individuals" }),
      });
      expect(response.status).toBe(201);
      expect(validationIssues(await response.json())).toEqual([]);
    } finally {
      mock.child.kill("SIGTERM");
    }
    expect((await mock.done).code).toBe(0);
  });

  it("refuses a bad port with exit code 2", async () => {
    const result = await run(process.execPath, [requireBuild("mock-cli.js"), "--port", "http"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--port must be a whole number from 1 to 65535, got "http"');
  });
});
