/**
 * `cryptomate-enable upload` refusals made before anything is sent, against a port nobody
 * listens on: images the API would reject (exit 1, as rejected items), and files or flags that
 * are wrong (exit 2, one line naming them). The flow itself is in cli-flow.test.ts.
 */
import { writeFile } from "node:fs/promises";
import { beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../src/mock/start.js";
import { CLI_ENV, cli, tempDirPerFile } from "./helpers/cli.js";
import { gif, jpeg } from "./helpers/images.js";
import { type Finished, run } from "./helpers/process.js";

const files = tempDirPerFile("cryptomate-cli-upload-");
let nowhere = "";
let jpegFile = "";
let gifFile = "";

beforeAll(async () => {
  nowhere = `http://127.0.0.1:${await freePort()}`;
  jpegFile = files.path("front.jpg");
  gifFile = files.path("front.gif");
  await writeFile(jpegFile, jpeg());
  await writeFile(gifFile, gif());
});

const upload = (...args: string[]): Promise<Finished> =>
  run(process.execPath, [cli(), "upload", "client1", "request1", ...args, "--base-url", nowhere], { env: CLI_ENV });

describe("cryptomate-enable upload, before sending", () => {
  it("refuses a device or a pipe as an image, in one line, without reading it", async () => {
    const result = await upload("--type", "passport", "--front", "/dev/zero", "--meta", "number=1");
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toContain("cannot read --front /dev/zero: not a regular file");
  });

  it("rejects a GIF and an image over 10 MB as the API would, naming the file, and sends nothing", async () => {
    const huge = files.path("huge.jpg");
    // 10 MB read the safe way: 10,000,000 bytes.
    await writeFile(huge, Buffer.concat([jpeg(), Buffer.alloc(10_000_001 - jpeg().length)]));
    for (const [flags, reason] of [
      [["--front", gifFile], `image_front (--front ${gifFile}) must be a JPEG or PNG image, got a GIF file`],
      [
        ["--front", jpegFile, "--back", huge],
        `image_back (--back ${huge}) is 10000001 bytes; the API takes images of at most 10000000 bytes (10 MB)`,
      ],
    ] as const) {
      // Nothing listens on the port: any call would end in a connection error instead.
      const result = await upload("--type", "passport", ...flags, "--meta", "number=AB1234567");
      expect(result.code, result.stderr).toBe(1);
      expect(result.stdout).toBe(`Nothing was sent.
Rejected (1): fix what each reason names and send it again
  - document passport: ${reason}
`);
      expect(result.stderr).toBe("");
      expect(result.stdout).not.toMatch(/;base64,/);
    }
  });

  it("prints the refusal as JSON with --json", async () => {
    const result = await upload("--type", "passport", "--front", gifFile, "--json");
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toEqual({
      sent: false,
      rejected_items: [{ type: "document", key: "passport", reason: expect.stringContaining("got a GIF file") }],
    });
  });

  it("refuses a file that cannot be read in one line naming it, exit 2", async () => {
    for (const [flags, message] of [
      [["--front", files.path("missing.jpg")], `cannot read --front ${files.path("missing.jpg")}: no such file`],
      [["--front", jpegFile, "--back", files.path("")], `cannot read --back ${files.path("")}: it is a directory`],
    ] as const) {
      const result = await upload("--type", "passport", ...flags);
      expect(result.code).toBe(2);
      expect(result.stderr).toBe(`cryptomate-enable: ${message}\n`);
      expect(result.stdout).toBe("");
    }
  });

  it("refuses a --meta without = or with a key that is not an identifier, naming it, exit 2", async () => {
    for (const [meta, message] of [
      ["number", '--meta "number" must be key=value, such as number=AB1234567'],
      ["1st=AB1", '--meta key "1st" (in "1st=AB1") must be a letter, then letters, digits or _'],
      ["issuing-country=ARG", '--meta key "issuing-country" (in "issuing-country=ARG")'],
      ["=AB1", '--meta key "" (in "=AB1")'],
      ["number=", '--meta "number=" has no value'],
    ] as const) {
      const result = await upload(
        "--type",
        "passport",
        "--front",
        jpegFile,
        "--meta",
        "issuing_country=ARG",
        "--meta",
        meta,
      );
      expect(result.code, meta).toBe(2);
      expect(result.stderr).toContain(`cryptomate-enable: ${message}`);
      expect(result.stdout).toBe("");
    }
    const twice = await upload("--type", "passport", "--front", jpegFile, "--meta", "number=1", "--meta", "number=2");
    expect(twice.code).toBe(2);
    expect(twice.stderr).toContain("--meta number is given twice");
  });
});
