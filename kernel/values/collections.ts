/** Maps, Sets and typed arrays as readable text: sizes first, long contents cut to their head and tail. */
import { inspect } from "node:util";
import type { Bundle as MimeBundle } from "./grid";
import { cellText, formatNumber, gridHtml, gridText, shownIndices, type Grid } from "./grid";

type TypedArray = Exclude<NodeJS.TypedArray, never>;

function short(v: unknown): string {
  return typeof v === "string" ? JSON.stringify(v) : cellText(v);
}

/** Whether `v` is a typed array (any element type); DataView and plain ArrayBuffers are not. */
export function isTypedArray(v: unknown): v is TypedArray {
  return ArrayBuffer.isView(v) && !(v instanceof DataView);
}

/** `Float32Array(1000) [0, 0.1, …, 99.9]` and, for numbers, min, max and mean. */
export function typedArrayBundle(a: TypedArray): MimeBundle {
  const items = shownIndices(a.length, 5).map((i) => (i < 0 ? "…" : short(a[i])));
  const head = `${a.constructor.name}(${a.length}) [${items.join(", ")}]`;
  if (a.length === 0 || typeof a[0] !== "number") return { "text/plain": head };
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as number;
    min = Math.min(min, x);
    max = Math.max(max, x);
    sum += x;
  }
  const stats = `min ${formatNumber(min)}, max ${formatNumber(max)}, mean ${formatNumber(sum / a.length)}`;
  return { "text/plain": `${head}\n${stats}` };
}

/** A Map as a key/value table (text and HTML); keys and values each as short text. */
export function mapBundle(m: Map<unknown, unknown>): MimeBundle {
  const entries = [...m];
  const grid: Grid = {
    rows: entries.length,
    cols: 2,
    cell: (r, c) => (c === 0 ? short(entries[r][0]) : inspect(entries[r][1], { depth: 1 })),
    colLabel: (c) => (c === 0 ? "key" : "value"),
  };
  const title = `Map(${m.size})`;
  return {
    "text/html": `<div><b>${title}</b>${gridHtml(grid, 10)}</div>`,
    "text/plain": m.size === 0 ? `${title} {}` : `${title}\n${gridText(grid, 10)}`,
  };
}

/** A Set as `Set(n) {a, b, …}`: up to 20 items, then the count of the rest. */
export function setBundle(s: Set<unknown>): MimeBundle {
  const items = [...s].slice(0, 20).map(short);
  const rest = s.size > 20 ? `, … ${s.size - 20} more` : "";
  return { "text/plain": `Set(${s.size}) {${items.join(", ")}${rest}}` };
}
