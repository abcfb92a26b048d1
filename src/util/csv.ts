/** CSV reading with `#` comment lines (the reference tables' source lines) and quoted fields. */
import { readFileSync } from "node:fs";
import { InputError } from "../errors";

export interface CsvTable {
  /** Comment lines without their leading `#` and space, in order (the source lines). */
  comments: string[];
  columns: string[];
  /** Each row as column -> raw string ("" for an empty cell). */
  rows: Record<string, string>[];
}

/** Splits one CSV record into fields (RFC 4180 quoting). */
export function splitCsvLine(line: string): string[] {
  const fields: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      fields.push(field);
      field = "";
    } else field += ch;
  }
  fields.push(field);
  return fields;
}

/** Parses CSV text whose first non-comment line is the header; `where` names the input in errors. */
export function parseCsv(text: string, where = "CSV"): CsvTable {
  const comments: string[] = [];
  let columns: string[] | undefined;
  const rows: Record<string, string>[] = [];
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  lines.forEach((line, i) => {
    if (line.startsWith("#")) {
      comments.push(line.replace(/^#\s?/, ""));
      return;
    }
    if (line.trim() === "") return;
    const fields = splitCsvLine(line);
    if (!columns) {
      columns = fields.map((f) => f.trim());
      return;
    }
    if (fields.length !== columns.length)
      throw new InputError(
        `${where}: line ${i + 1} has ${fields.length} fields, the header has ${columns.length}`,
      );
    const row: Record<string, string> = {};
    columns.forEach((c, j) => (row[c] = fields[j].trim()));
    rows.push(row);
  });
  if (!columns) throw new InputError(`${where}: no header line`);
  return { comments, columns, rows };
}

/** Reads and parses a CSV file; a missing or unreadable file is a InputError naming it. */
export function readCsv(path: string): CsvTable {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new InputError(
      `cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
    );
  }
  return parseCsv(text, path);
}

/** Quotes a value for CSV output when it needs it. */
export function csvField(value: string | number | null | undefined): string {
  const s = value === null || value === undefined ? "" : String(value);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
