/** Pearson's r and Spearman's rho. */
import { assertPaired, ranks } from "./ranks";

/** The arithmetic mean. */
export function mean(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i];
  return s / values.length;
}

export interface Moments {
  n: number;
  meanX: number;
  meanY: number;
  /** Sums of squared deviations and of cross products about the means. */
  sxx: number;
  syy: number;
  sxy: number;
}

/** Centred second moments of paired samples, by two passes (no cancellation from raw sums of squares). */
export function moments(x: ArrayLike<number>, y: ArrayLike<number>): Moments {
  const meanX = mean(x);
  const meanY = mean(y);
  let sxx = 0,
    syy = 0,
    sxy = 0;
  for (let i = 0; i < x.length; i++) {
    const dx = x[i] - meanX;
    const dy = y[i] - meanY;
    sxx += dx * dx;
    syy += dy * dy;
    sxy += dx * dy;
  }
  return { n: x.length, meanX, meanY, sxx, syy, sxy };
}

/** Pearson's r from centred moments, clipped to [-1, 1] against rounding; NaN when x or y is constant. */
export function correlationOf(m: Moments): number {
  if (m.sxx === 0 || m.syy === 0) return NaN;
  return Math.max(-1, Math.min(1, m.sxy / Math.sqrt(m.sxx * m.syy)));
}

/** Pearson's correlation coefficient; NaN when x or y is constant. */
export function pearson(x: ArrayLike<number>, y: ArrayLike<number>): number {
  assertPaired(x, y, 2, "pearson");
  return correlationOf(moments(x, y));
}

/** Spearman's rho: Pearson's r of the average ranks (as scipy.stats.spearmanr). */
export function spearman(x: ArrayLike<number>, y: ArrayLike<number>): number {
  assertPaired(x, y, 2, "spearman");
  return pearson(ranks(x), ranks(y));
}
