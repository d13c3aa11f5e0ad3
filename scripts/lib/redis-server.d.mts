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

export function startRedis(): Promise<RedisServer>;
