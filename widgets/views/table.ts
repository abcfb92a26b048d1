/** A table view for rows of records or a danfojs DataFrame, as a Plotly table trace. */
import { baseLayout, BASE_CONFIG, type Figure } from "../figure";
import { hoverEscape } from "./format";

/** The part of a danfojs DataFrame the table reads (so widgets need not load danfojs). */
export interface DataFrameLike {
  columns: string[];
  values: unknown[][];
}

export type TableSource = Record<string, unknown>[] | DataFrameLike;

function isFrame(source: TableSource): source is DataFrameLike {
  return (
    !Array.isArray(source) &&
    Array.isArray((source as DataFrameLike).columns) &&
    Array.isArray((source as DataFrameLike).values)
  );
}

/** Numbers with up to `digits` decimals, the rest as text; null and undefined as an empty cell. */
function cell(v: unknown, digits: number): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "number") return Number.isInteger(v) ? String(v) : v.toFixed(digits);
  return hoverEscape(String(v));
}

/** Columns and rows of `source` (records: the union of keys in first-seen order). */
export function tableColumns(source: TableSource): { columns: string[]; rows: unknown[][] } {
  if (isFrame(source)) return { columns: source.columns.map(String), rows: source.values };
  if (!Array.isArray(source))
    throw new Error(
      "tableView: expected an array of records or a DataFrame with columns and values",
    );
  const columns: string[] = [];
  for (const r of source)
    for (const key of Object.keys(r)) if (!columns.includes(key)) columns.push(key);
  return { columns, rows: source.map((r) => columns.map((c) => r[c])) };
}

/** A table of `source` with a header row; numbers right-aligned and rounded to `digits` decimals (default 4). */
export function tableView(
  source: TableSource,
  opts: { title?: string; digits?: number } = {},
): Figure {
  const { columns, rows } = tableColumns(source);
  const digits = opts.digits ?? 4;
  const numeric = columns.map(
    (_, j) =>
      rows.length > 0 &&
      rows.every((r) => typeof r[j] === "number" || r[j] === null || r[j] === undefined),
  );
  return {
    data: [
      {
        type: "table",
        name: "table",
        header: {
          values: columns.map((c) => `<b>${hoverEscape(c)}</b>`),
          fill: { color: "#f4f4f4" },
          align: numeric.map((n) => (n ? "right" : "left")),
          line: { color: "#ddd" },
        },
        cells: {
          values: columns.map((_, j) => rows.map((r) => cell(r[j], digits))),
          align: numeric.map((n) => (n ? "right" : "left")),
          line: { color: "#eee" },
          height: 26,
        },
      },
    ],
    layout: baseLayout(opts.title ?? "Table", {
      height: Math.min(900, 130 + 27 * (rows.length + 1)),
      margin: { l: 16, r: 16, t: 56, b: 16 },
    }),
    config: { ...BASE_CONFIG },
  };
}
