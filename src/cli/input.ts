/** Reading client ids as a stream: one per line, or a CSV file with a client_id column. */
import { createReadStream, fstatSync, openSync } from "node:fs";
import { createInterface } from "node:readline";
import { UsageError } from "./args.js";

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
}

/**
 * Yields the ids of the file opened as `fd`, in order, reading it line by line. Blank lines
 * and lines starting with # are ignored. A first line with a client_id column makes it CSV.
 */
export async function* readIds(fd: number, counts: InputCounts): AsyncGenerator<string> {
  const lines = createInterface({
    input: createReadStream("", { fd, encoding: "utf8", autoClose: false, start: 0 }),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  let column: number | undefined;
  let first = true;
  for await (const raw of lines) {
    const line = (first ? raw.replace(/^\uFEFF/, "") : raw).trim();
    first = false;
    if (line === "" || line.startsWith("#")) continue;
    if (column === undefined) {
      const header = splitCsv(line).map((cell) => cell.trim().toLowerCase());
      column = header.indexOf("client_id");
      if (column !== -1) continue;
      if (header.length > 1) throw new UsageError("the CSV input has no client_id column");
    }
    if (column === -1) {
      yield line;
      continue;
    }
    const id = splitCsv(line)[column]?.trim() ?? "";
    if (id === "") counts.missing++;
    else yield id;
  }
}

function splitCsv(line: string): string[] {
  const cells: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const char = line[i];
    if (quoted) {
      if (char === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"') quoted = true;
    else if (char === ",") {
      cells.push(cell);
      cell = "";
    } else cell += char;
  }
  cells.push(cell);
  return cells;
}
