/** Relative improvement: accuracy divided by a baseline model's (the study's figure), or by the previous
 * model's in time. */
import { assertFinite } from "./ranks";

/** Each value divided by `values[baseline]` (an index); the study divides by AlexNet. */
export function improvementOverBaseline(values: ArrayLike<number>, baseline: number): number[] {
  assertFinite(values, "improvementOverBaseline");
  if (!Number.isInteger(baseline) || baseline < 0 || baseline >= values.length) {
    throw new RangeError(
      `improvementOverBaseline: baseline index must be from 0 to ${values.length - 1}, got ${baseline}`,
    );
  }
  const base = values[baseline];
  if (base === 0)
    throw new RangeError(
      `improvementOverBaseline: the baseline's value is 0, so ratios are undefined`,
    );
  return Array.from(values, (v) => v / base);
}

/**
 * Each value divided by that of the model just before it in time (`time`: year, release order...), aligned with the
 * input; null for the earliest. Models released at the same time are ordered by input position.
 */
export function improvementOverPrevious(
  values: ArrayLike<number>,
  time: ArrayLike<number>,
): (number | null)[] {
  assertFinite(values, "improvementOverPrevious values");
  assertFinite(time, "improvementOverPrevious time");
  if (values.length !== time.length)
    throw new RangeError(
      `improvementOverPrevious: ${values.length} values but ${time.length} times`,
    );
  const order = Array.from({ length: values.length }, (_, i) => i).sort(
    (a, b) => time[a] - time[b] || a - b,
  );
  const out = new Array<number | null>(values.length).fill(null);
  for (let k = 1; k < order.length; k++) out[order[k]] = values[order[k]] / values[order[k - 1]];
  return out;
}
