/** danfojs DataFrames and Series, recognised by shape (no danfojs import): a table with the index, head and tail. */
import type { Bundle as MimeBundle } from "./grid";
import { escapeHtml, gridHtml, gridText, type Grid } from "./grid";

/** The members of a danfojs DataFrame or Series this module reads. */
export interface FrameLike {
  shape: number[];
  index: Array<string | number>;
  columns: string[];
  values: unknown[];
  $isSeries?: boolean;
}

/** Whether `v` looks like a danfojs DataFrame or Series. */
export function isFrame(v: unknown): v is FrameLike {
  const f = v as Partial<FrameLike> | null;
  return (
    typeof f === "object" &&
    f !== null &&
    Array.isArray(f.shape) &&
    Array.isArray(f.index) &&
    Array.isArray(f.columns) &&
    Array.isArray(f.values) &&
    typeof (f as { head?: unknown }).head === "function"
  );
}

/** A frame's bundle: "DataFrame: 3 rows × 2 columns" and the table (first and last 5 rows of long frames). */
export function frameBundle(f: FrameLike): MimeBundle {
  const series = f.$isSeries ?? !Array.isArray(f.values[0]);
  const rows = f.index.length;
  const grid: Grid = {
    rows,
    cols: f.columns.length,
    cell: (r, c) => (series ? f.values[r] : (f.values[r] as unknown[])[c]),
    rowLabel: (r) => String(f.index[r]),
    colLabel: (c) => String(f.columns[c]),
  };
  const title = series
    ? `Series "${f.columns[0]}": ${rows} rows`
    : `DataFrame: ${rows} rows × ${f.columns.length} columns`;
  return {
    "text/html": `<div><b>${escapeHtml(title)}</b>${gridHtml(grid)}</div>`,
    "text/plain": `${title}\n${gridText(grid)}`,
  };
}
