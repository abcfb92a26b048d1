/** Least-squares lines through accuracy pairs on raw, probit or logit scale, with standard errors and t intervals. */
import {
  detectUnit,
  fromScale,
  toFractions,
  toScale,
  type AccuracyUnit,
  type Scale,
} from "./accuracy";
import { correlationOf, moments } from "./correlation";
import { assertPaired } from "./ranks";
import { tQuantile } from "./special";

export interface LinearFitOptions {
  /** The scale both axes are moved to before fitting; default "raw" (values as given). */
  scale?: Scale;
  /** Units of x and y for probit and logit; detected per axis when absent. */
  xUnit?: AccuracyUnit;
  yUnit?: AccuracyUnit;
  /** Confidence level of the intervals; default 0.95. */
  level?: number;
}

export interface LeastSquares {
  slope: number;
  intercept: number;
  /** Pearson's r squared on the fitted scale. */
  r2: number;
  slopeSE: number;
  interceptSE: number;
  slopeCI: [number, number];
  interceptCI: [number, number];
  level: number;
  /** Points fitted. */
  n: number;
}

export interface LinearFit extends LeastSquares {
  scale: Scale;
  /** Points left out because probit or logit is infinite there (an accuracy of exactly 0 or 1). */
  dropped: number;
  droppedIndices: number[];
  /** The units the values were read in (null for raw, which fits the values as given). */
  xUnit: AccuracyUnit | null;
  yUnit: AccuracyUnit | null;
}

/** Ordinary least squares y = intercept + slope * x on already-transformed values (as scipy.stats.linregress). */
export function leastSquares(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  level = 0.95,
): LeastSquares {
  assertPaired(x, y, 3, "leastSquares");
  if (!(level > 0 && level < 1))
    throw new RangeError(`leastSquares: level must be in (0, 1), got ${level}`);
  const m = moments(x, y);
  if (m.sxx === 0)
    throw new RangeError("leastSquares: all x values are equal, so no line can be fitted");
  const slope = m.sxy / m.sxx;
  const intercept = m.meanY - slope * m.meanX;
  const r = m.syy === 0 ? 0 : correlationOf(m);
  const df = m.n - 2;
  // Residual variance from r keeps the perfect-fit case exactly zero, as linregress does.
  const slopeSE = Math.sqrt(Math.max(0, ((1 - r * r) * m.syy) / m.sxx / df));
  const interceptSE = slopeSE * Math.sqrt(m.sxx / m.n + m.meanX * m.meanX);
  const t = tQuantile(0.5 + level / 2, df);
  return {
    slope,
    intercept,
    r2: r * r,
    slopeSE,
    interceptSE,
    level,
    n: m.n,
    slopeCI: [slope - t * slopeSE, slope + t * slopeSE],
    interceptCI: [intercept - t * interceptSE, intercept + t * interceptSE],
  };
}

/** A least-squares line through (x, y) accuracies on the chosen scale; 0 and 1 are left out of probit and
 * logit and reported. */
export function linearFit(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  options: LinearFitOptions = {},
): LinearFit {
  const scale = options.scale ?? "raw";
  assertPaired(x, y, 3, "linearFit");
  if (scale === "raw") {
    return {
      scale,
      ...leastSquares(x, y, options.level),
      dropped: 0,
      droppedIndices: [],
      xUnit: null,
      yUnit: null,
    };
  }
  const xUnit = options.xUnit ?? detectUnit(x, "linearFit x");
  const yUnit = options.yUnit ?? detectUnit(y, "linearFit y");
  const fx = toFractions(x, xUnit, "linearFit x");
  const fy = toFractions(y, yUnit, "linearFit y");
  const kept: number[] = [];
  const droppedIndices: number[] = [];
  fx.forEach((v, i) => (v > 0 && v < 1 && fy[i] > 0 && fy[i] < 1 ? kept : droppedIndices).push(i));
  if (kept.length < 3) {
    throw new RangeError(
      `linearFit: ${scale} needs at least 3 points strictly between 0 and 1, got ${kept.length} (${droppedIndices.length} at 0 or 1)`,
    );
  }
  const sx = kept.map((i) => toScale(fx[i], scale));
  const sy = kept.map((i) => toScale(fy[i], scale));
  return {
    scale,
    ...leastSquares(sx, sy, options.level),
    dropped: droppedIndices.length,
    droppedIndices,
    xUnit,
    yUnit,
  };
}

/** Points on a fitted line, mapped back to fractions: handy for drawing the line over the data. */
export function fitLine(
  fit: Pick<LinearFit, "scale" | "slope" | "intercept">,
  xFractions: readonly number[],
): number[] {
  return xFractions.map((p) =>
    fromScale(fit.intercept + fit.slope * toScale(p, fit.scale), fit.scale),
  );
}
