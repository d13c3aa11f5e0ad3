// Paced runs against a server enforcing 15/s with doubling penalties, next to naive loops.
import { execFileSync } from "node:child_process";
import { createCryptoMateClient } from "../../dist/index.js";
import { body, childServer, fmt, KEY, pacedRow, root, row } from "./common.mjs";

export async function burst() {
  console.error("burst against a server enforcing 15/s with doubling penalties");
  const n = 150;
  const ids = Array.from({ length: n }, (_, i) => `burst-${i}`);
  {
    const server = await childServer(15);
    const client = createCryptoMateClient({ apiKey: KEY, baseUrl: server.url, maxRetries: 0 });
    const started = performance.now();
    const outcomes = await Promise.allSettled(ids.map((id) => client.requestProductEnablement(id, body)));
    const elapsed = (performance.now() - started) / 1000;
    const stats = await server.stats();
    const ok = outcomes.filter((o) => o.status === "fulfilled").length;
    pacedRow(`burst of ${n}, client`, n, ok, stats.rejected, elapsed);
    await server.stop();
  }
  {
    const server = await childServer(15);
    const started = performance.now();
    let pending = ids;
    let rejected = 0;
    // Naive: fire everything at once; on 429 wait what the server says and fire the rest again.
    for (let wave = 0; pending.length > 0 && wave < 20 && performance.now() - started < 60_000; wave++) {
      const answers = await Promise.all(
        pending.map((id) =>
          fetch(`${server.url}/management/clients/individuals/${id}/products`, {
            method: "POST",
            headers: { "content-type": "application/json", "x-api-key": KEY },
            body: JSON.stringify(body),
          }).then(async (r) => ({
            id,
            status: r.status,
            retryAfter: Number(r.headers.get("retry-after") ?? 1),
            text: await r.text(),
          })),
        ),
      );
      const limited = answers.filter((a) => a.status === 429);
      rejected += limited.length;
      pending = limited.map((a) => a.id);
      if (pending.length) await new Promise((r) => setTimeout(r, Math.max(...limited.map((a) => a.retryAfter)) * 1000));
    }
    const elapsed = (performance.now() - started) / 1000;
    const done = n - pending.length;
    const rate = done / elapsed;
    row(
      `burst of ${n}, naive Promise.all over fetch: rate / 15 per s`,
      `${fmt(rate)} req/s, ${done}/${n} ok, ${rejected} x 429, ${fmt(elapsed)} s`,
      "15 req/s",
      fmt(rate / 15),
      "for comparison",
    );
    await server.stop();
  }
}

export async function batchRun() {
  console.error("batch of 300 ids against a server enforcing 15/s with doubling penalties");
  const { mkdtempSync, writeFileSync, readFileSync, rmSync } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  const dir = mkdtempSync(`${tmpdir()}/cryptomate-bench-`);
  const n = 300;
  const ids = Array.from({ length: n }, (_, i) => `batch-${i}`);
  writeFileSync(`${dir}/ids.txt`, ids.join("\n"));
  {
    const server = await childServer(15);
    const started = performance.now();
    execFileSync(
      process.execPath,
      [`${root}dist/cli.js`, "batch", `${dir}/ids.txt`, "--out", `${dir}/out.jsonl`, "--base-url", server.url],
      {
        env: { ...process.env, CRYPTOMATE_API_KEY: KEY },
        stdio: "ignore",
      },
    );
    const elapsed = (performance.now() - started) / 1000;
    const stats = await server.stats();
    const ok = readFileSync(`${dir}/out.jsonl`, "utf8")
      .split("\n")
      .filter((l) => l.includes('"ok":true')).length;
    pacedRow(`batch of ${n} (cryptomate-enable batch)`, n, ok, stats.rejected, elapsed);
    await server.stop();
  }
  {
    const server = await childServer(15);
    const started = performance.now();
    const queue = [...ids];
    let done = 0;
    let rejected = 0;
    // Naive: 30 workers, each fetching as fast as it can and sleeping Retry-After on a 429.
    const worker = async () => {
      while (queue.length > 0 && performance.now() - started < 60_000) {
        const id = queue.shift();
        const r = await fetch(`${server.url}/management/clients/individuals/${id}/products`, {
          method: "POST",
          headers: { "content-type": "application/json", "x-api-key": KEY },
          body: JSON.stringify(body),
        });
        await r.text();
        if (r.status === 429) {
          rejected++;
          queue.push(id);
          await new Promise((res) => setTimeout(res, Number(r.headers.get("retry-after") ?? 1) * 1000));
        } else done++;
      }
    };
    await Promise.all(Array.from({ length: 30 }, worker));
    const elapsed = (performance.now() - started) / 1000;
    row(
      `batch of ${n}, naive 30-worker loop: rate / 15 per s`,
      `${fmt(done / elapsed)} req/s, ${done}/${n} ok, ${rejected} x 429, ${fmt(elapsed)} s`,
      "15 req/s",
      fmt(done / elapsed / 15),
      "for comparison",
    );
    await server.stop();
  }
  rmSync(dir, { recursive: true, force: true });
}
