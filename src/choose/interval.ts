/** Confidence intervals for an accuracy measured as k right out of n test images: Wilson's score interval
 * (the default: close to nominal coverage even for small n) and the exact Clopper–Pearson interval. */
import { betaInc, normQuantile } from "../analysis/special";

export type IntervalMethod = "wilson" | "clopper-pearson";
export const INTERVAL_METHODS: readonly IntervalMethod[] = ["wilson", "clopper-pearson"];

/** A two-sided interval for a proportion. */
export interface ProportionInterval {
  lo: number;
  hi: number;
  level: number;
  method: IntervalMethod;
}

function checkCounts(k: number, n: number, level: number): void {
  if (!Number.isInteger(n) || n < 1)
    throw new RangeError(`proportion interval: n must be a positive whole number, got ${n}`);
  if (!Number.isInteger(k) || k < 0 || k > n)
    throw new RangeError(`proportion interval: k must be a whole number from 0 to ${n}, got ${k}`);
  if (!(level > 0 && level < 1))
    throw new RangeError(`proportion interval: level must be in (0, 1), got ${level}`);
}

/** Wilson's score interval for k successes in n trials (as scipy's binomtest(...).proportion_ci("wilson")). */
export function wilsonInterval(k: number, n: number, level = 0.95): ProportionInterval {
  checkCounts(k, n, level);
  const z = normQuantile((1 + level) / 2);
  const p = k / n;
  const z2n = (z * z) / n;
  const centre = (p + z2n / 2) / (1 + z2n);
  const half = (z / (1 + z2n)) * Math.sqrt((p * (1 - p)) / n + z2n / (4 * n));
  return {
    lo: Math.max(0, centre - half),
    hi: Math.min(1, centre + half),
    level,
    method: "wilson",
  };
}

/** The q-quantile of Beta(a, b) by bisection on the regularised incomplete beta (60 halvings: below 1e-15). */
function betaQuantile(q: number, a: number, b: number): number {
  let lo = 0,
    hi = 1;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (betaInc(mid, a, b) < q) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** The exact (Clopper–Pearson) interval: never below nominal coverage, wider than Wilson's. */
export function clopperPearsonInterval(k: number, n: number, level = 0.95): ProportionInterval {
  checkCounts(k, n, level);
  const alpha = 1 - level;
  return {
    lo: k === 0 ? 0 : betaQuantile(alpha / 2, k, n - k + 1),
    hi: k === n ? 1 : betaQuantile(1 - alpha / 2, k + 1, n - k),
    level,
    method: "clopper-pearson",
  };
}

/** The interval of `method` for k right out of n. */
export function accuracyInterval(
  k: number,
  n: number,
  method: IntervalMethod = "wilson",
  level = 0.95,
): ProportionInterval {
  return method === "wilson" ? wilsonInterval(k, n, level) : clopperPearsonInterval(k, n, level);
}
