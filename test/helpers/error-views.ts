/** Everything an error shows a person or a log: message, stack, JSON, util.inspect and its cause. */
import { inspect } from "node:util";

export const shown = (error: unknown) =>
  [
    String(error),
    (error as Error).stack ?? "",
    JSON.stringify(error),
    inspect(error, { depth: Number.POSITIVE_INFINITY }),
    String((error as Error).cause ?? ""),
  ].join("\n");
