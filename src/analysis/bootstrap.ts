/** Seeded percentile-bootstrap intervals, resampling models (rows) or test examples (per-example correctness). */
import { Rng } from "../util/rng";
import { pearson, spearman } from "./correlation";
import { linearFit, type LinearFitOptions } from "./fit";
import { kendallTauB } from "./kendall";

export interface BootstrapOptions {
  /** Number of resamples; default 1000. */
  resamples?: number;
  /** Seed of the resampling stream; default 0. */
  seed?: number;
  /** Coverage of the percentile interval; default 0.95. */
  level?: number;
}

export interface BootstrapInterval {
  /** The statistic on the data as observed. */
  estimate: number;
  lo: number;
  hi: number;
  /** Standard deviation of the finite resampled values. */
  se: number;
  level: number;
  resamples: number;
  /** Resamples where the statistic was undefined (NaN, e.g. a rank correlation of a constant resample), left out. */
  undefinedCount: number;
  /** The finite resampled values, sorted ascending. */
  samples: number[];
}

/** The q-quantile of ascending `sorted` values with linear interpolation (numpy's default "linear" method). */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return NaN;
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

function resolve(options: BootstrapOptions): Required<BootstrapOptions> {
  const resamples = options.resamples ?? 1000;
  const level = options.level ?? 0.95;
  if (!Number.isInteger(resamples) || resamples < 1)
    throw new RangeError(`bootstrap: resamples must be a positive whole number, got ${resamples}`);
  if (!(level > 0 && level < 1))
    throw new RangeError(`bootstrap: level must be in (0, 1), got ${level}`);
  return { resamples, level, seed: options.seed ?? 0 };
}

/** Summarises resampled values into a percentile interval around `estimate`. */
export function percentileInterval(
  estimate: number,
  values: readonly number[],
  level: number,
): BootstrapInterval {
  const samples = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  const m = samples.reduce((s, v) => s + v, 0) / samples.length;
  const variance =
    samples.reduce((s, v) => s + (v - m) * (v - m), 0) / Math.max(1, samples.length - 1);
  return {
    estimate,
    level,
    resamples: values.length,
    undefinedCount: values.length - samples.length,
    samples,
    lo: quantileSorted(samples, (1 - level) / 2),
    hi: quantileSorted(samples, (1 + level) / 2),
    se: Math.sqrt(variance),
  };
}

/** Values at the given row indices. */
export function pick(values: ArrayLike<number>, rows: ArrayLike<number>): number[] {
  return Array.from(rows, (i) => values[i]);
}

/** Calls `visit` with the row indices of each of `resamples` draws of n rows with replacement (one reused buffer). */
function forEachRowResample(
  n: number,
  resamples: number,
  seed: number,
  visit: (rows: Int32Array) => void,
): void {
  if (!Number.isInteger(n) || n < 1)
    throw new RangeError(`bootstrap: the number of rows must be a positive whole number, got ${n}`);
  const rng = new Rng(seed);
  const rows = new Int32Array(n);
  for (let b = 0; b < resamples; b++) {
    for (let i = 0; i < n; i++) rows[i] = rng.int(n);
    visit(rows);
  }
}

function identityRows(n: number): Int32Array {
  return Int32Array.from({ length: n }, (_, i) => i);
}

/** Resamples the n rows with replacement; `statistic` gets the row indices of each resample (identity for the
 * estimate). */
export function bootstrapRows(
  n: number,
  statistic: (rows: Int32Array) => number,
  options: BootstrapOptions = {},
): BootstrapInterval {
  const { resamples, level, seed } = resolve(options);
  const values: number[] = [];
  forEachRowResample(n, resamples, seed, (rows) => values.push(statistic(rows)));
  return percentileInterval(statistic(identityRows(n)), values, level);
}

/** Per-example test correctness: a string of 0/1 characters or an array of 0/1 (as run records store it). */
export type Correctness = string | ArrayLike<number>;

/** Correctness as bytes, checking that every entry is 0 or 1; `what` names the input in errors. */
export function correctnessVector(correct: Correctness, what = "correctness"): Uint8Array {
  const out = new Uint8Array(correct.length);
  for (let i = 0; i < correct.length; i++) {
    const v = typeof correct === "string" ? correct[i] : correct[i];
    if (v === "1" || v === 1) out[i] = 1;
    else if (v !== "0" && v !== 0)
      throw new RangeError(`${what}: entry ${i} is ${JSON.stringify(v)}, expected 0 or 1`);
  }
  return out;
}

/** Accuracy (fraction) of each model in a group, with example i counted weights[i] times. */
function weightedAccuracies(group: Uint8Array[], weights: Uint32Array, total: number): number[] {
  return group.map((c) => {
    let s = 0;
    for (let i = 0; i < c.length; i++) if (c[i]) s += weights[i];
    return s / total;
  });
}

/**
 * Resamples test examples with replacement. `groups[g][m]` is model m's correctness on test set g; each test set is
 * resampled on its own (its models share the draw, since they saw the same examples). `statistic` gets accuracies
 * as fractions, `accuracies[g][m]`.
 */
export function bootstrapExamples(
  groups: readonly (readonly Correctness[])[],
  statistic: (accuracies: number[][]) => number,
  options: BootstrapOptions = {},
): BootstrapInterval {
  const { resamples, level, seed } = resolve(options);
  const vectors = groups.map((group, g) =>
    group.map((c, m) => correctnessVector(c, `test set ${g}, model ${m}`)),
  );
  vectors.forEach((group, g) => {
    if (group.length === 0) throw new RangeError(`bootstrapExamples: test set ${g} has no models`);
    const len = group[0].length;
    if (len === 0) throw new RangeError(`bootstrapExamples: test set ${g} has no examples`);
    group.forEach((c, m) => {
      if (c.length !== len)
        throw new RangeError(
          `bootstrapExamples: test set ${g}, model ${m} has ${c.length} examples, model 0 has ${len}`,
        );
    });
  });
  const rng = new Rng(seed);
  const ones = vectors.map((group) => new Uint32Array(group[0].length).fill(1));
  const estimate = statistic(
    vectors.map((group, g) => weightedAccuracies(group, ones[g], group[0].length)),
  );
  const values: number[] = [];
  for (let b = 0; b < resamples; b++) {
    const accuracies = vectors.map((group) => {
      const len = group[0].length;
      const weights = new Uint32Array(len);
      for (let i = 0; i < len; i++) weights[rng.int(len)]++;
      return weightedAccuracies(group, weights, len);
    });
    values.push(statistic(accuracies));
  }
  return percentileInterval(estimate, values, level);
}

export interface PairedStatistics {
  pearson: number;
  spearman: number;
  kendallTauB: number;
  slope: number;
  intercept: number;
  r2: number;
}

/** The correlations and the fit of one sample of (x, y), as the bootstrap helpers resample them. */
export function pairedStatistics(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  fit: LinearFitOptions = {},
): PairedStatistics {
  const line = linearFit(x, y, fit);
  return {
    pearson: pearson(x, y),
    spearman: spearman(x, y),
    kendallTauB: kendallTauB(x, y),
    slope: line.slope,
    intercept: line.intercept,
    r2: line.r2,
  };
}

/** Row-bootstrap intervals for every paired statistic from the same resamples; a resample where the fit is
 * impossible counts as undefined. */
export function bootstrapPairedStatistics(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  fit: LinearFitOptions = {},
  options: BootstrapOptions = {},
): Record<keyof PairedStatistics, BootstrapInterval> {
  const { resamples, level, seed } = resolve(options);
  const keys: (keyof PairedStatistics)[] = [
    "pearson",
    "spearman",
    "kendallTauB",
    "slope",
    "intercept",
    "r2",
  ];
  const draws: Record<keyof PairedStatistics, number[]> = {
    pearson: [],
    spearman: [],
    kendallTauB: [],
    slope: [],
    intercept: [],
    r2: [],
  };
  forEachRowResample(x.length, resamples, seed, (rows) => {
    let s: PairedStatistics | undefined;
    try {
      s = pairedStatistics(pick(x, rows), pick(y, rows), fit);
    } catch {
      s = undefined;
    } // e.g. every x equal in the resample
    for (const k of keys) draws[k].push(s ? s[k] : NaN);
  });
  const estimate = pairedStatistics(x, y, fit);
  return Object.fromEntries(
    keys.map((k) => [k, percentileInterval(estimate[k], draws[k], level)]),
  ) as Record<keyof PairedStatistics, BootstrapInterval>;
}
