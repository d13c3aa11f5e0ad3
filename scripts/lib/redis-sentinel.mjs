// A Sentinel-managed Redis on 127.0.0.1, for tests and benchmarks: a primary, a replica and
// three `redis-server --sentinel` processes (quorum 2) that fail over one second after the
// primary stops answering. Every process is stopped by its pid; nothing is saved to disk but
// the Sentinels' own config files, in a temporary folder removed on stop.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort, kill, launch, startRedis } from "./redis-server.mjs";

export const SENTINEL_NAME = "mymaster";

export async function startSentinelGroup() {
  const primary = await startRedis();
  const replica = await startRedis({ replicaOf: primary.port });
  const folder = mkdtempSync(join(tmpdir(), "sentinel-"));
  const sentinels = [];
  try {
    for (let i = 0; i < 3; i++) {
      const port = await freePort();
      const conf = join(folder, `sentinel-${i}.conf`);
      writeFileSync(
        conf,
        [
          `port ${port}`,
          "bind 127.0.0.1",
          `dir ${folder}`,
          `sentinel monitor ${SENTINEL_NAME} 127.0.0.1 ${primary.port} 2`,
          `sentinel down-after-milliseconds ${SENTINEL_NAME} 1000`,
          `sentinel failover-timeout ${SENTINEL_NAME} 5000`,
          "",
        ].join("\n"),
      );
      sentinels.push({ port, child: await launch(port, [conf, "--sentinel"]) });
    }
  } catch (error) {
    await Promise.all([...sentinels.map(({ child }) => kill(child)), primary.stop(), replica.stop()]);
    rmSync(folder, { recursive: true, force: true });
    throw error;
  }
  return {
    name: SENTINEL_NAME,
    sentinels: sentinels.map(({ port }) => ({ host: "127.0.0.1", port })),
    primary,
    replica,
    async stop() {
      await Promise.all([...sentinels.map(({ child }) => kill(child)), primary.stop(), replica.stop()]);
      rmSync(folder, { recursive: true, force: true });
    },
  };
}
