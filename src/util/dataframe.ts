/** danfojs-node DataFrames for notebooks, loaded on first use: danfojs brings TensorFlow.js, which plain
 * analysis never needs. */
import type { DataFrame } from "danfojs-node";

/** Plain row objects as a DataFrame (columns from the first row's keys, or `columns` in that order). */
export function toDataFrame(rows: ReadonlyArray<object>, columns?: readonly string[]): DataFrame {
  if (rows.length === 0)
    throw new Error("toDataFrame: no rows (danfojs cannot infer columns from an empty table)");
  const danfo: typeof import("danfojs-node") = require("danfojs-node");
  if (!columns) return new danfo.DataFrame(rows as object[]);
  const records = rows.map((r) => columns.map((c) => (r as Record<string, unknown>)[c] ?? null));
  return new danfo.DataFrame(records, { columns: [...columns] });
}
