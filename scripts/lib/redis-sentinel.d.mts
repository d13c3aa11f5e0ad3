import type { RedisServer } from "./redis-server.mjs";

export const SENTINEL_NAME: string;

export interface SentinelGroup {
  /** The name the Sentinels monitor the primary under. */
  readonly name: string;
  readonly sentinels: { host: string; port: number }[];
  readonly primary: RedisServer;
  readonly replica: RedisServer;
  /** Stops every process of the group. */
  stop(): Promise<void>;
}

export function startSentinelGroup(): Promise<SentinelGroup>;
