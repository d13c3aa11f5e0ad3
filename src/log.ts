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

/** Details of a log line: plain values only, so that nothing secret rides along by reference. */
export type LogFields = Record<string, string | number | boolean | undefined>;

/** A method per level that is on; the others are undefined, so that an off level costs nothing. */
export type Log = { [level in Exclude<LogLevel, "off">]?: (message: string, fields?: LogFields) => void };

export function createLog(level: LogLevel, logger: Logger, redact: (text: string) => string): Log {
  const log: Log = {};
  const rank = LOG_LEVELS.indexOf(level);
  for (const name of ["error", "warn", "info", "debug"] as const) {
    if (LOG_LEVELS.indexOf(name) > rank) continue;
    log[name] = (message, fields) => {
      const clean: LogFields = {};
      for (const [key, value] of Object.entries(fields ?? {})) {
        if (value !== undefined) clean[key] = typeof value === "string" ? redact(value) : value;
      }
      logger[name](redact(`[cryptomate] ${message}`), clean);
    };
  }
  return log;
}
