import { writeFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { CLI_ENV, cli, penalizingServerPerTest, tempDirPerFile } from "./helpers/cli.js";
import { run } from "./helpers/process.js";

const files = tempDirPerFile("cryptomate-csv-");
const penalize = penalizingServerPerTest();
const env = CLI_ENV;

async function input(name: string, text: string) {
  const path = files.path(name);
  await writeFile(path, text);
  return path;
}

/** Runs a batch of `text` against a fresh server; returns the run and the ids the server received. */
async function batchOf(name: string, text: string, flags: string[] = []) {
  const server = await penalize();
  const file = await input(name, text);
  const out = files.path(`${name}.jsonl`);
  const result = await run(process.execPath, [cli(), "batch", file, "--out", out, "--base-url", server.url, ...flags], {
    env,
  });
  return { result, received: [...server.stats.byClient.keys()].sort() };
}

describe("cryptomate-enable batch reads CSV files as CSV", () => {
  it("reads a one-column CSV whose header and cells are quoted", async () => {
    const { result, received } = await batchOf("quoted-header.csv", '"client_id"\n"abc"\n"def"\n');
    expect(result.code, result.stderr).toBe(0);
    expect(received).toEqual(["abc", "def"]);
  });

  it("reads quoted cells that hold a newline", async () => {
    const text = 'name,client_id,notes\n"Doe\nJane",abc,x\nRoe,def,"two\nlines"\nPoe,ghi,\n';
    const { result, received } = await batchOf("multiline.csv", text);
    expect(result.code, result.stderr).toBe(0);
    expect(received).toEqual(["abc", "def", "ghi"]);
  });

  for (const [name, delimiter] of [
    ["semicolon", ";"],
    ["tab", "\t"],
  ] as const) {
    it(`reads a ${name}-delimited file, with a byte order mark and CRLF line ends`, async () => {
      const d = delimiter;
      const text = `\uFEFFname${d}client_id${d}city\r\n"Doe, Jane"${d}abc${d}Paris\r\nRoe${d}def${d}"A${d}B"\r\n`;
      const { result, received } = await batchOf(`${name}.csv`, text);
      expect(result.code, result.stderr).toBe(0);
      expect(received).toEqual(["abc", "def"]);
    });
  }

  for (const [name, header] of [
    ["semicolon", "id;name"],
    ["tab", "id\tname"],
    ["comma", "id,name"],
  ] as const) {
    it(`refuses a first line with ${name}s but no client_id column, naming the ${name}`, async () => {
      const { result, received } = await batchOf(`no-column-${name}.csv`, `${header}\nabc;x\n`);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(name);
      expect(result.stderr).toContain("client_id");
      expect(received).toEqual([]);
    });
  }

  const broken = [
    "name,client_id", // 1
    "A,a1", // 2
    "Doe, Jane,abc", // 3: a cell more than the header, so the id cannot be trusted
    "C,c3", // 4
    "# a comment", // 5
    "D,d4", // 6
    'E,"e5', // 7: a quote never closed
    "",
  ].join("\n");

  it("reports unreadable rows once with their line numbers, sends the readable ones, and exits 1", async () => {
    const { result, received } = await batchOf("broken.csv", broken, ["--json"]);
    expect(result.code, result.stderr).toBe(1);
    expect(received).toEqual(["a1", "c3", "d4"]);
    expect(result.stderr.match(/line 3\b/g)).toHaveLength(1);
    expect(result.stderr.match(/line 7\b/g)).toHaveLength(1);
    expect(result.stderr).toMatch(/Done: 3 succeeded, 0 failed.*, 2 unreadable row\(s\)/);
    expect(JSON.parse(result.stdout)).toMatchObject({ succeeded: 3, failed: 0, unreadable: 2 });
  });

  it("reports unreadable rows in a dry run too, and exits 1", async () => {
    const { result, received } = await batchOf("broken-dry.csv", broken, ["--dry-run", "--json"]);
    expect(result.code, result.stderr).toBe(1);
    expect(received).toEqual([]);
    expect(result.stderr).toContain("line 3");
    expect(result.stderr).toContain("line 7");
    expect(result.stderr).toContain("2 unreadable row(s)");
    expect(JSON.parse(result.stdout)).toMatchObject({ dryRun: true, toSend: 3, unreadable: 2 });
  });

  it("numbers lines as an editor does after a cell holding a CRLF line break", async () => {
    const text = 'name,client_id\r\n"two\r\nlines",a1\r\nDoe, Jane,abc\r\nC,c3\r\n';
    const { result, received } = await batchOf("crlf-cell.csv", text);
    expect(result.code, result.stderr).toBe(1);
    expect(received).toEqual(["a1", "c3"]);
    expect(result.stderr).toContain("  line 4: more cells than the header");
  });

  it("streams a million CSV rows and their resume state under a 32 MB heap", async () => {
    const ids = Array.from({ length: 1_000_000 }, (_, i) => `c-${i.toString(36).padStart(8, "0")}`);
    const file = await input("million.csv", `name;client_id\n${ids.map((id, i) => `"N ${i}";${id}`).join("\n")}\n`);
    const out = files.path("million-csv.jsonl");
    await writeFile(out, ids.map((id) => `{"clientId":"${id}","state":"succeeded","ok":true}\n`).join(""));
    const result = await run(
      process.execPath,
      ["--max-old-space-size=32", cli(), "batch", file, "--out", out, "--base-url", "http://127.0.0.1:9"],
      { env },
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain("Skipping 1000000 id(s) already recorded as succeeded");
  }, 120_000);

  it("still reads a plain list of ids line by line, comments and blank lines ignored", async () => {
    const { result, received } = await batchOf("plain.txt", "# ids\nid-1\n\n  id-2  \n#id-3\nid-4");
    expect(result.code, result.stderr).toBe(0);
    expect(received).toEqual(["id-1", "id-2", "id-4"]);
  });
});
