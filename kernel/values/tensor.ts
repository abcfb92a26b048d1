/** tfjs tensors, recognised by shape (no TensorFlow import): dtype, shape and a truncated table of values. */
import type { Bundle as MimeBundle } from "./grid";
import { escapeHtml, gridHtml, gridText, type Grid } from "./grid";

/** The members of a tfjs Tensor this module reads. */
export interface TensorLike {
  shape: number[];
  dtype: string;
  size: number;
  isDisposed: boolean;
  dataSync(): ArrayLike<unknown>;
}

/** Whether `v` looks like a tfjs Tensor. */
export function isTensor(v: unknown): v is TensorLike {
  const t = v as Partial<TensorLike> | null;
  return (
    typeof t === "object" &&
    t !== null &&
    Array.isArray(t.shape) &&
    typeof t.dtype === "string" &&
    typeof t.dataSync === "function" &&
    typeof t.isDisposed === "boolean"
  );
}

/** Rows are every index of the leading axes, columns the last axis: a matrix stays a matrix. */
function tensorGrid(t: TensorLike, values: ArrayLike<unknown>): Grid {
  const cols = t.shape.length === 0 ? 1 : t.shape[t.shape.length - 1];
  const lead = t.shape.slice(0, -1);
  const rows = cols === 0 ? 0 : t.size / cols;
  const rowIndex = (r: number) => {
    const at: number[] = [];
    for (let i = lead.length - 1; i >= 0; i--) {
      at.unshift(r % lead[i]);
      r = Math.floor(r / lead[i]);
    }
    return at.join(",");
  };
  return {
    rows,
    cols,
    cell: (r, c) => values[r * cols + c],
    ...(lead.length > 0 ? { rowLabel: rowIndex } : {}),
    colLabel: (c) => String(c),
  };
}

/** A tensor's bundle: a heading line (dtype, shape) and the values table. */
export function tensorBundle(t: TensorLike): MimeBundle {
  const title = `Tensor ${t.dtype} [${t.shape.join(", ")}]`;
  if (t.isDisposed) return { "text/plain": `${title} (disposed)` };
  const grid = tensorGrid(t, t.dataSync());
  return {
    "text/html": `<div><b>${escapeHtml(title)}</b>${gridHtml(grid)}</div>`,
    "text/plain": `${title}\n${gridText(grid)}`,
  };
}
