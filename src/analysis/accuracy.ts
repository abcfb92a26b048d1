/** Accuracies as percents or fractions, and the probit and logit scales that straighten accuracy-vs-accuracy plots. */
import { normCdf, normQuantile } from "./special";

export type AccuracyUnit = "percent" | "fraction";
export type Scale = "raw" | "probit" | "logit";
export const SCALES: readonly Scale[] = ["raw", "probit", "logit"];

/** Fractions when every value lies in [0, 1], percents when some exceed 1 and all lie in [0, 100]. */
export function detectUnit(values: ArrayLike<number>, what = "accuracies"): AccuracyUnit {
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!(v >= 0 && v <= 100))
      throw new RangeError(
        `${what}: value ${v} is neither a fraction in [0, 1] nor a percent in [0, 100]`,
      );
    max = Math.max(max, v);
  }
  return max > 1 ? "percent" : "fraction";
}

/** The values as fractions in [0, 1]; the unit is detected unless given. */
export function toFractions(
  values: ArrayLike<number>,
  unit: AccuracyUnit = detectUnit(values),
  what = "accuracies",
): number[] {
  const divisor = unit === "percent" ? 100 : 1;
  return Array.from(values, (v) => {
    const f = v / divisor;
    if (!(f >= 0 && f <= 1)) throw new RangeError(`${what}: ${v} is not a valid ${unit} accuracy`);
    return f;
  });
}

/** The logit ln(p / (1 - p)). */
export function logit(p: number): number {
  return Math.log(p) - Math.log1p(-p);
}

/** The inverse logit 1 / (1 + e^-z). */
export function logistic(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

/** A fraction moved onto a scale (raw leaves it as is); probit and logit are infinite at 0 and 1. */
export function toScale(p: number, scale: Scale): number {
  if (scale === "probit") return normQuantile(p);
  if (scale === "logit") return logit(p);
  return p;
}

/** The inverse of toScale: a value on the scale back to a fraction. */
export function fromScale(z: number, scale: Scale): number {
  if (scale === "probit") return normCdf(z);
  if (scale === "logit") return logistic(z);
  return z;
}
