/**
 * CSV input: a file whose first line (the header) has a client_id column, with commas,
 * semicolons (Excel in many locales) or tabs between cells. Parsed by csv-parse as a stream,
 * so quoted cells may hold delimiters, quotes and line breaks; rows it cannot read are
 * reported with their line numbers, never dropped silently.
 */
import { createReadStream } from "node:fs";
import { pipeline } from "node:stream";
import { type CsvError, type Info, type InfoRecord, parse } from "csv-parse";
import { parse as parseSync } from "csv-parse/sync";
import { UsageError } from "./args.js";
import type { InputCounts, OnUnreadable } from "./input.js";

const DELIMITERS = [
  [",", "commas (,)"],
  [";", "semicolons (;)"],
  ["\t", "tabs"],
] as const;

export interface CsvFormat {
  delimiter: string;
  /** Index of the client_id column. */
  column: number;
  /** Line number of the header: lines before it are blank or # comments. */
  line: number;
}

const isClientId = (cell: string) => cell.trim().toLowerCase() === "client_id";

/**
 * The format given by the input's first line that is neither blank nor a comment, or undefined
 * for a plain list of ids. A first line with a delimiter but no client_id column is an error.
 */
export function csvFormat(header: string, line: number): CsvFormat | undefined {
  const seen = DELIMITERS.filter(([delimiter]) => header.includes(delimiter));
  for (const [delimiter] of seen) {
    const column = cellsOf(header, delimiter).findIndex(isClientId);
    if (column !== -1) return { delimiter, column, line };
  }
  if (seen.length > 0) {
    const names = seen.map(([, name]) => name).join(" and ");
    throw new UsageError(
      `the input's first line has ${names} but no client_id column: give the CSV file a client_id column, or list one id per line`,
    );
  }
  // One column: the header may be quoted, as spreadsheet programs often write it.
  const [only, ...others] = cellsOf(header, ",");
  return others.length === 0 && only !== undefined && isClientId(only)
    ? { delimiter: ",", column: 0, line }
    : undefined;
}

/** Options of both the header check and the stream, so that both read the header alike. */
const QUOTING = { bom: true, trim: true } as const;

/** The header's cells split by `delimiter`; none if the line cannot be read that way. */
function cellsOf(header: string, delimiter: string): string[] {
  try {
    return parseSync(header, { ...QUOTING, delimiter })[0] ?? [];
  } catch {
    return [];
  }
}

/** Why csv-parse could not read a row, in plain words. */
function reason(error: CsvError): string {
  switch (error.code) {
    case "CSV_QUOTE_NOT_CLOSED":
      return "a quote is opened and never closed (so the lines after it are taken in)";
    case "CSV_INVALID_CLOSING_QUOTE":
      return "text right after a closing quote (the rows up to the next quote may be unreadable too)";
    case "INVALID_OPENING_QUOTE":
      return "a quote inside a cell that does not start with one";
    case "CSV_RECORD_INCONSISTENT_FIELDS_LENGTH":
      return "more cells than the header, so the client_id cell is uncertain";
    default:
      return error.message;
  }
}

/** CRLFs inside the cells of a record. */
function crlfsIn(record: unknown[]): number {
  let count = 0;
  for (const cell of record) {
    if (typeof cell === "string" && cell.includes("\r\n")) count += cell.split("\r\n").length - 1;
  }
  return count;
}

/** Yields the client_id cell of each row after the header, in order. */
export async function* readCsvIds(
  fd: number,
  format: CsvFormat,
  counts: InputCounts,
  onUnreadable?: OnUnreadable,
): AsyncGenerator<string> {
  // Where the last row read or skipped ended, to give the lines of the next unreadable one:
  // it starts after the blank and comment lines that follow.
  let last = { lines: format.line, empty_lines: 0, comment_lines: 0 };
  // csv-parse counts a CRLF inside a quoted cell as two lines: the surplus so far.
  let surplus = 0;
  const parser = parse({
    delimiter: format.delimiter,
    from_line: format.line,
    ...QUOTING,
    comment: "#",
    comment_no_infix: true,
    skip_empty_lines: true,
    relax_column_count_less: true,
    skip_records_with_error: true,
    on_record: (record: string[], info: InfoRecord) => {
      last = info;
      surplus += crlfsIn(record);
      return record;
    },
    on_skip: (error: CsvError | undefined) => {
      if (!error) return;
      const context = error as CsvError & Info & { record?: unknown };
      const blankOrComment = context.empty_lines - last.empty_lines + (context.comment_lines - last.comment_lines);
      const from = last.lines - surplus + 1 + blankOrComment;
      if (Array.isArray(context.record)) surplus += crlfsIn(context.record);
      const to = Math.max(from, context.lines - surplus);
      last = context;
      counts.unreadable++;
      onUnreadable?.(from === to ? `line ${from}` : `lines ${from}-${to}`, reason(error));
    },
  });
  pipeline(createReadStream("", { fd, autoClose: false, start: 0 }), parser, () => {
    // An error ends the iteration below, which throws it.
  });
  let header = true;
  for await (const record of parser as AsyncIterable<string[]>) {
    if (header) {
      header = false;
      continue;
    }
    if (record.every((cell) => cell === "")) continue;
    const id = record[format.column] ?? "";
    if (id === "") counts.missing++;
    else yield id;
  }
}
