/** Plain HTML tables for reports and notebook prose: escaped cells, numbers right-aligned. */
import { escapeHtml } from "./html";

export type Cell = string | number | null | undefined;

export interface HtmlTableOptions {
  /** Digits after the decimal point for non-integer numbers (default 3). */
  digits?: number;
  caption?: string;
}

/** An HTML table of `rows` under `columns`; null and undefined cells are shown as "—". */
export function htmlTable(
  columns: readonly string[],
  rows: readonly (readonly Cell[])[],
  opts: HtmlTableOptions = {},
): string {
  const digits = opts.digits ?? 3;
  const cell = (v: Cell): string => {
    if (v === null || v === undefined || (typeof v === "number" && Number.isNaN(v)))
      return `<td>—</td>`;
    if (typeof v === "number")
      return `<td class="num">${Number.isInteger(v) ? v : v.toFixed(digits)}</td>`;
    return `<td>${escapeHtml(v)}</td>`;
  };
  return [
    `<table>`,
    opts.caption ? `<caption>${escapeHtml(opts.caption)}</caption>` : "",
    `<thead><tr>${columns.map((c) => `<th>${escapeHtml(c)}</th>`).join("")}</tr></thead>`,
    `<tbody>`,
    ...rows.map((r) => `<tr>${r.map(cell).join("")}</tr>`),
    `</tbody></table>`,
  ].join("\n");
}

/** A table's `# Source:` line as a small paragraph under it. */
export function sourceParagraph(source: string): string {
  return `<p class="source">Source: ${escapeHtml(source.replace(/^Source:\s*/, ""))}</p>`;
}
