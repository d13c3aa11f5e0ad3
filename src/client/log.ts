/**
 * Leveled logs through any console-like logger. Every line passes through one redaction step,
 * so the API key never reaches a log, whatever the level.
 */

export type LogLevel = "off" | "error" | "warn" | "info" | "debug";

/** Anything with console's four methods. */
export interface Logger {
  debug(message: string, ...details: unknown[]): void;
  info(message: string, ...details: unknown[]): void;
  warn(message: string, ...details: unknown[]): void;
  error(message: string, ...details: unknown[]): void;
}

export const LOG_LEVELS: readonly LogLevel[] = ["off", "error", "warn", "info", "debug"];

/** The levels that are a logger's methods. */
export const LOGGER_METHODS = LOG_LEVELS.slice(1) as readonly Exclude<LogLevel, "off">[];

/** A method per level that is on; the others are undefined, so that an off level costs nothing. */
export type Log = { [level in Exclude<LogLevel, "off">]?: (message: string) => void };

export function createLog(level: LogLevel, logger: Logger, redact: (text: string) => string): Log {
  const log: Log = {};
  const rank = LOG_LEVELS.indexOf(level);
  for (const name of LOGGER_METHODS) {
    if (LOG_LEVELS.indexOf(name) > rank) continue;
    // One string per line, redacted as a whole: nothing rides along unredacted by reference.
    log[name] = (message) => logger[name](redact(`[cryptomate] ${message}`));
  }
  return log;
}
