/** Rankings with ties, and how much two rankings agree at the top. */

export interface RankOptions {
  /** Rank 1 goes to the largest value (the habit for accuracies); default false, as scipy's rankdata. */
  descending?: boolean;
}

/** Checks that every value is a finite number; `what` names the input in the error. */
export function assertFinite(values: ArrayLike<number>, what: string): void {
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i]))
      throw new RangeError(`${what}: value ${i} is not a finite number (${values[i]})`);
  }
}

/** Checks that two paired samples have the same length of at least `min`. */
export function assertPaired(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  min: number,
  what: string,
): void {
  if (x.length !== y.length)
    throw new RangeError(
      `${what}: x has ${x.length} values, y has ${y.length}; they must be paired`,
    );
  if (x.length < min) throw new RangeError(`${what}: needs at least ${min} pairs, got ${x.length}`);
  assertFinite(x, `${what} x`);
  assertFinite(y, `${what} y`);
}

/** Indices of `values` in ascending order of value (stable). */
export function argsort(values: ArrayLike<number>): number[] {
  return Array.from({ length: values.length }, (_, i) => i).sort(
    (a, b) => values[a] - values[b] || a - b,
  );
}

/** 1-based ranks; tied values share the average of the ranks they span (scipy's rankdata "average"). */
export function ranks(values: ArrayLike<number>, options: RankOptions = {}): number[] {
  assertFinite(values, "ranks");
  const sign = options.descending ? -1 : 1;
  const signed = Array.from(values, (v) => sign * v);
  const order = argsort(signed);
  const out = new Array<number>(values.length);
  for (let start = 0; start < order.length;) {
    let end = start + 1;
    while (end < order.length && signed[order[end]] === signed[order[start]]) end++;
    const average = (start + 1 + end) / 2; // mean of ranks start+1 .. end
    for (let k = start; k < end; k++) out[order[k]] = average;
    start = end;
  }
  return out;
}

export interface TopKOverlap {
  k: number;
  /** Indices in the top k by both x and y. */
  shared: number[];
  /** shared.length / k. */
  fraction: number;
}

/** Indices of the k largest values; ties at the cut go to the earlier index, so the set has exactly k members. */
export function topK(values: ArrayLike<number>, k: number): number[] {
  assertFinite(values, "topK");
  if (!Number.isInteger(k) || k < 1 || k > values.length)
    throw new RangeError(`topK: k must be a whole number from 1 to ${values.length}, got ${k}`);
  return Array.from({ length: values.length }, (_, i) => i)
    .sort((a, b) => values[b] - values[a] || a - b)
    .slice(0, k);
}

/** How many of the k best by x are also among the k best by y (higher is better in both). */
export function topKOverlap(x: ArrayLike<number>, y: ArrayLike<number>, k: number): TopKOverlap {
  assertPaired(x, y, 1, "topKOverlap");
  const inY = new Set(topK(y, k));
  const shared = topK(x, k)
    .filter((i) => inY.has(i))
    .sort((a, b) => a - b);
  return { k, shared, fraction: shared.length / k };
}
