/** Closeness assertions for comparing our statistics with scipy's. */
import assert from "node:assert/strict";

/** Asserts |actual - expected| <= tol * max(1, |expected|), or both NaN/null; `what` names the value in the failure. */
export function assertClose(
  actual: number | null,
  expected: number | null,
  tol: number,
  what: string,
): void {
  const a = actual ?? NaN;
  const e = expected ?? NaN;
  if (Number.isNaN(e)) {
    assert.ok(Number.isNaN(a), `${what}: expected NaN, got ${a}`);
    return;
  }
  const err = Math.abs(a - e) / Math.max(1, Math.abs(e));
  assert.ok(
    err <= tol,
    `${what}: got ${a}, expected ${e} (error ${err.toExponential(2)} > ${tol})`,
  );
}

/** Asserts the relative error |actual - expected| / |expected| <= tol (for values far from 1 in size, like tails). */
export function assertRelClose(actual: number, expected: number, tol: number, what: string): void {
  const err = expected === 0 ? Math.abs(actual) : Math.abs(actual - expected) / Math.abs(expected);
  assert.ok(
    err <= tol,
    `${what}: got ${actual}, expected ${expected} (relative error ${err.toExponential(2)} > ${tol})`,
  );
}
