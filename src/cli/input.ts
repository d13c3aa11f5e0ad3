/** Reading client ids: one per line, or a CSV file with a client_id column. */
import { UsageError } from "./args.js";

/** Parses the input: one id per line, or CSV with a client_id column. */
export function readIds(text: string): string[] {
  const lines = text
    .replace(/^\uFEFF/, "")
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"));
  const header = lines[0] ? splitCsv(lines[0]).map((cell) => cell.toLowerCase()) : [];
  const column = header.indexOf("client_id");
  if (column === -1) {
    if (header.length > 1) throw new UsageError("the CSV input has no client_id column");
    return lines;
  }
  return lines
    .slice(1)
    .map((line) => splitCsv(line)[column]?.trim() ?? "")
    .filter((id) => id !== "");
}

export function splitCsv(line: string): string[] {
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
