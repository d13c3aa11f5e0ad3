/** The words at the end of a batch say what happened: the pace after the first burst, and ids in doubt. */
import { writeFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { CLI_ENV, cli, penalizingServerPerTest, tempDirPerFile } from "./helpers/cli.js";
import { run } from "./helpers/process.js";

const files = tempDirPerFile("cryptomate-summary-");
const penalize = penalizingServerPerTest();

async function batchOf(name: string, ids: string[], url: string, extra: string[] = []) {
  const input = files.path(`${name}.txt`);
  await writeFile(input, ids.join("\n"));
  return run(
    process.execPath,
    [cli(), "batch", input, "--out", files.path(`${name}.jsonl`), "--base-url", url, ...extra],
    {
      env: CLI_ENV,
    },
  );
}

describe("the batch summary", () => {
  it("does not present the first burst as a rate above the limit", async () => {
    const server = await penalize({});
    const result = await batchOf("burst", ["b1", "b2", "b3", "b4", "b5", "b6"], server.url);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain("6 request(s) (up to 15 go at once, then at most 15/s)");
    const rates = [...result.stderr.matchAll(/([\d.]+) requests\/s/g)].map((match) => Number(match[1]));
    expect(rates.every((rate) => rate <= 15)).toBe(true);
  });

  it("gives the pace after the first burst, within the limit", async () => {
    const server = await penalize({});
    const ids = Array.from({ length: 40 }, (_, i) => `p${i}`);
    const result = await batchOf("paced", ids, server.url);
    expect(result.code, result.stderr).toBe(0);
    const steady = /([\d.]+) requests\/s after the first burst of 15 \(limit 15\/s\)/.exec(result.stderr);
    expect(steady, result.stderr).not.toBeNull();
    expect(Number(steady?.[1])).toBeLessThanOrEqual(15);
  });

  it("with --resend-in-doubt, says an id is in doubt again without claiming it was not sent", async () => {
    const server = await penalize({ answer: () => ({ status: 500, body: { message: "boom" } }) });
    const first = await batchOf("doubt", ["d1"], server.url);
    expect(first.code).toBe(1);
    const again = await batchOf("doubt", ["d1"], server.url, ["--resend-in-doubt"]);
    expect(again.code).toBe(1);
    // Three POSTs a run (the first and two resends), and no read with --resend-in-doubt.
    expect(server.stats.byClient.get("d1")).toBe(6);
    expect(server.stats.readsByClient.get("d1")).toBeUndefined();
    expect(again.stderr).toContain("1 in doubt (may have been processed");
    expect(again.stderr).not.toContain("not sent again");
  });
});
