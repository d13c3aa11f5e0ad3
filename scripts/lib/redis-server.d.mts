export const REDIS_SERVER: string | undefined;

export interface RedisServer {
  readonly url: string;
  readonly port: number;
  readonly pid: number;
  /** Stops the server (SIGKILL: nothing is saved, nothing lingers). */
  stop(): Promise<void>;
  /** Starts it again on the same port, empty. */
  restart(): Promise<void>;
  /** Freezes or thaws the process, to play a Redis that stops answering. */
  freeze(): void;
  thaw(): void;
}

/**
 * A Redis server; with `replicaOf` (a port on 127.0.0.1), a replica of that one; with `cluster`,
 * a node in cluster mode (its slots still to assign).
 */
export function startRedis(options?: { replicaOf?: number; cluster?: boolean }): Promise<RedisServer>;
export function freePort(): Promise<number>;
export function launch(port: number, args: string[]): Promise<import("node:child_process").ChildProcess>;
export function kill(child: import("node:child_process").ChildProcess): Promise<void>;
