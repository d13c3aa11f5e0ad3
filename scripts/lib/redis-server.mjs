// A real redis-server (Debian's package) on 127.0.0.1 and a free port, for tests and benchmarks:
// nothing saved to disk, stopped by its pid.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { connect, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Path of redis-server, or undefined when it is not installed. */
export const REDIS_SERVER = ["/usr/bin/redis-server", "/usr/local/bin/redis-server"].find((path) => existsSync(path));

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Resolves true when a Redis server answers PING on `port` with +PONG (the protocol, not its log). */
function pong(port) {
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port });
    let answer = "";
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1_000, () => done(false));
    socket.on("error", () => done(false));
    socket.on("connect", () => socket.write("PING\r\n"));
    socket.on("data", (chunk) => {
      answer += chunk;
      if (answer.includes("\r\n")) done(answer.startsWith("+PONG"));
    });
  });
}

/** Starts redis-server with `args`, ready once it answers PING on `port`. */
export function launch(port, args) {
  if (!REDIS_SERVER) throw new Error("redis-server is missing: apt-get install -y redis-server (.ci/run does it)");
  const child = spawn(REDIS_SERVER, args, { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (chunk) => {
    output += chunk;
  });
  child.stderr.on("data", (chunk) => {
    output += chunk;
  });
  // Ready once it answers PING on its port, polled; its log is kept only for the error message.
  return new Promise((resolve, reject) => {
    let exited = false;
    const deadline = Date.now() + 10_000;
    child.once("exit", (code, signal) => {
      exited = true;
      reject(new Error(`redis-server exited with ${code ?? signal}:\n${output}`));
    });
    const poll = async () => {
      while (!exited) {
        if (await pong(port)) {
          if (!exited) resolve(child);
          return;
        }
        if (Date.now() > deadline) {
          child.kill("SIGKILL");
          reject(new Error(`redis-server did not answer PING on ${port} within 10 s:\n${output}`));
          return;
        }
        await new Promise((wait) => setTimeout(wait, 50));
      }
    };
    void poll();
  });
}

export function kill(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGCONT");
    child.kill("SIGKILL");
  });
}

/**
 * A Redis server; with `replicaOf` (a port on 127.0.0.1), a replica of that one; with `cluster`,
 * a node in cluster mode (its slots still to assign).
 */
export async function startRedis({ replicaOf, cluster } = {}) {
  const port = await freePort();
  // A replica writes what its primary sends to a file: in a folder of its own, removed on stop.
  const dir = mkdtempSync(join(tmpdir(), "redis-"));
  const args = ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir];
  if (replicaOf) args.push("--replicaof", "127.0.0.1", String(replicaOf));
  if (cluster)
    args.push("--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf", "--cluster-announce-ip", "127.0.0.1");
  let child = await launch(port, args);
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    get pid() {
      return child.pid;
    },
    stop: () => kill(child).then(() => rmSync(dir, { recursive: true, force: true })),
    async restart() {
      await kill(child);
      mkdirSync(dir, { recursive: true });
      child = await launch(port, args);
    },
    freeze: () => child.kill("SIGSTOP"),
    thaw: () => child.kill("SIGCONT"),
  };
}
