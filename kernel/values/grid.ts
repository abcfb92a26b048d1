/**
 * A truncated table of values, as both HTML and aligned text: the head and tail rows and columns of a large
 * grid with an ellipsis between, so a million-value tensor or frame shows in a screenful.
 */
/** A display bundle (mime type -> data), as kernel/api.ts's MimeBundle; api.ts imports this folder. */
export type Bundle = Record<string, unknown>;

const ENTITIES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

/** A number as a person reads it: integers whole, others to 4 significant digits. */
export function formatNumber(v: number): string {
  if (!Number.isFinite(v) || Number.isInteger(v)) return String(v);
  return String(Number(v.toPrecision(4)));
}

/** A cell value as short text. */
export function cellText(v: unknown): string {
  if (typeof v === "number") return formatNumber(v);
  if (v === null || v === undefined) return String(v);
  if (typeof v === "string") return v;
  return typeof v === "bigint" || typeof v === "boolean" ? String(v) : JSON.stringify(v);
}

export interface Grid {
  rows: number;
  cols: number;
  cell(r: number, c: number): unknown;
  rowLabel?(r: number): string;
  colLabel(c: number): string;
}

/** The indices to show out of `n`: all when n <= 2 * edge, else the first and last `edge` with -1 for the gap. */
export function shownIndices(n: number, edge: number): number[] {
  if (n <= 2 * edge) return Array.from({ length: n }, (_, i) => i);
  const head = Array.from({ length: edge }, (_, i) => i);
  const tail = Array.from({ length: edge }, (_, i) => n - edge + i);
  return [...head, -1, ...tail];
}

function cells(g: Grid, rowEdge: number, colEdge: number): { head: string[]; body: string[][] } {
  const cols = shownIndices(g.cols, colEdge);
  const label = (r: number) => (g.rowLabel ? [r < 0 ? "…" : g.rowLabel(r)] : []);
  const head = [...(g.rowLabel ? [""] : []), ...cols.map((c) => (c < 0 ? "…" : g.colLabel(c)))];
  const body = shownIndices(g.rows, rowEdge).map((r) => [
    ...label(r),
    ...cols.map((c) => (r < 0 || c < 0 ? "…" : cellText(g.cell(r, c)))),
  ]);
  return { head, body };
}

/** The grid as an HTML table; row labels are header cells, as pandas shows its index. */
export function gridHtml(g: Grid, rowEdge = 5, colEdge = 10): string {
  const { head, body } = cells(g, rowEdge, colEdge);
  const th = (t: string) => `<th>${escapeHtml(t)}</th>`;
  const row = (r: string[]) =>
    `<tr>${r.map((t, i) => (i === 0 && g.rowLabel ? th(t) : `<td>${escapeHtml(t)}</td>`)).join("")}</tr>`;
  return [
    `<table class="imagenot-value">`,
    `<thead><tr>${head.map(th).join("")}</tr></thead>`,
    `<tbody>${body.map(row).join("")}</tbody>`,
    `</table>`,
  ].join("");
}

/** The grid as right-aligned text columns. */
export function gridText(g: Grid, rowEdge = 5, colEdge = 10): string {
  const { head, body } = cells(g, rowEdge, colEdge);
  const all = [head, ...body];
  const widths = head.map((_, c) => Math.max(...all.map((r) => r[c].length)));
  return all.map((r) => r.map((t, c) => t.padStart(widths[c])).join("  ")).join("\n");
}
