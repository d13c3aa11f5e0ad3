/** Reading client ids as a stream: one per line, or a CSV file with a client_id column. */
import { createReadStream, fstatSync, openSync, readSync } from "node:fs";
import { createInterface } from "node:readline";
import { StringDecoder } from "node:string_decoder";
import { UsageError } from "./args.js";
import { csvFormat, readCsvIds } from "./csv.js";

/** Opens the input now, so that a missing or unreadable file is a usage error before any work. */
export function openInput(path: string): number {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch (error) {
    throw new UsageError(`cannot read input file ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  if (fstatSync(fd).isDirectory()) throw new UsageError(`cannot read input file ${path}: it is a directory`);
  return fd;
}

export interface InputCounts {
  /** CSV rows whose client_id cell is empty. */
  missing: number;
  /** CSV rows that cannot be read (an unclosed quote, more cells than the header...). */
  unreadable: number;
}

/** Told of each unreadable row: where it is (`line 7`, `lines 7-9`) and why. */
export type OnUnreadable = (lines: string, reason: string) => void;

const ignored = (line: string) => line === "" || line.startsWith("#");

/**
 * Yields the ids of the file opened as `fd`, in order. Blank lines and lines starting with #
 * are ignored. A first line with a client_id column makes it CSV; otherwise each line is an id.
 */
export async function* readIds(fd: number, counts: InputCounts, onUnreadable?: OnUnreadable): AsyncGenerator<string> {
  const first = firstLine(fd);
  const format = first && csvFormat(first.text, first.line);
  if (format) {
    yield* readCsvIds(fd, format, counts, onUnreadable);
    return;
  }
  const lines = createInterface({
    input: createReadStream("", { fd, encoding: "utf8", autoClose: false, start: 0 }),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  for await (const line of lines) {
    const id = line.replace(/^\uFEFF/, "").trim();
    if (!ignored(id)) yield id;
  }
}

/** The first line that is neither blank nor a comment, trimmed, and its number; read ahead. */
function firstLine(fd: number): { text: string; line: number } | undefined {
  const decoder = new StringDecoder("utf8");
  const chunk = Buffer.alloc(64 * 1024);
  let position = 0;
  let line = 0;
  let rest = "";
  for (;;) {
    const size = readSync(fd, chunk, 0, chunk.length, position);
    position += size;
    let text = rest + (size > 0 ? decoder.write(chunk.subarray(0, size)) : decoder.end());
    // A CR at the end of the chunk may be the first half of a CRLF: kept for the next round.
    const cr = size > 0 && text.endsWith("\r") ? "\r" : "";
    if (cr) text = text.slice(0, -1);
    const lines = text.split(/\r\n|\n|\r/);
    // The last piece may be a line cut by the end of the chunk, unless the file ends here.
    rest = size > 0 ? (lines.pop() ?? "") + cr : "";
    for (const raw of lines) {
      line++;
      const trimmed = (line === 1 ? raw.replace(/^\uFEFF/, "") : raw).trim();
      if (!ignored(trimmed)) return { text: trimmed, line };
    }
    if (size === 0) return undefined;
  }
}
