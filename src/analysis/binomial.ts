/** Binomial distribution: cumulative probability and quantile, as scipy.stats.binom's cdf and ppf. */
import { logGamma } from "./special";

/** P(X = k) for X ~ Binomial(n, p), 0 < p < 1, from log-gamma (no overflow for large n). */
function binomialPmf(k: number, n: number, p: number): number {
  return Math.exp(
    logGamma(n + 1) -
      logGamma(k + 1) -
      logGamma(n - k + 1) +
      k * Math.log(p) +
      (n - k) * Math.log1p(-p),
  );
}

/** P(X <= k) for X ~ Binomial(n, p) (scipy.stats.binom.cdf). */
export function binomialCdf(k: number, n: number, p: number): number {
  if (k < 0) return 0;
  if (k >= n || p <= 0) return 1;
  if (p >= 1) return 0;
  let sum = 0;
  for (let i = 0; i <= Math.floor(k); i++) sum += binomialPmf(i, n, p);
  return Math.min(1, sum);
}

/** The smallest k with P(X <= k) >= q for X ~ Binomial(n, p) (scipy.stats.binom.ppf). */
export function binomialQuantile(q: number, n: number, p: number): number {
  if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile must be in [0, 1], got ${q}`);
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`n must be a whole number, got ${n}`);
  if (p <= 0) return 0;
  if (p >= 1) return n;
  // scipy compares with a small relative tolerance, so q exactly at a step lands on that step.
  const target = q * (1 - 1e-12);
  let cdf = 0;
  for (let k = 0; k < n; k++) {
    cdf += binomialPmf(k, n, p);
    if (cdf >= target) return k;
  }
  return n;
}
