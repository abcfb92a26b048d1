/** Special functions for the intervals: the normal distribution and Student's t, accurate to about 1e-14. */
// The published coefficients below keep all their digits, more than a double holds: deliberately.
/* eslint-disable no-loss-of-precision */

const LANCZOS_G = 7;
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
  -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
  1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0 (Lanczos, g = 7), with the reflection formula below 1/2. */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  const z = x - 1;
  let a = LANCZOS[0];
  for (let i = 1; i < LANCZOS.length; i++) a += LANCZOS[i] / (z + i);
  const t = z + LANCZOS_G + 0.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** The remainder of Stirling's series, ln Γ(x) - ((x - 1/2) ln x - x + ln √(2π)), for x >= 10 (error below 1e-16). */
function stirlingRemainder(x: number): number {
  const x2 = 1 / (x * x);
  return (
    (1 / 12 +
      x2 *
        (-1 / 360 +
          x2 * (1 / 1260 + x2 * (-1 / 1680 + x2 * (1 / 1188 + x2 * (-691 / 360360 + x2 / 156)))))) /
    x
  );
}

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/** ln B(a, b); large arguments go through Stirling's series so that the big ln Γ terms do not cancel. */
export function logBeta(a: number, b: number): number {
  const p = Math.min(a, b);
  const q = Math.max(a, b);
  if (p >= 10) {
    const corr = stirlingRemainder(p) + stirlingRemainder(q) - stirlingRemainder(p + q);
    return (
      -0.5 * Math.log(q) +
      LOG_SQRT_2PI +
      corr +
      (p - 0.5) * Math.log(p / (p + q)) +
      q * Math.log1p(-p / (p + q))
    );
  }
  if (q >= 10) {
    const corr = stirlingRemainder(q) - stirlingRemainder(p + q);
    return logGamma(p) + corr + p - p * Math.log(p + q) + (q - 0.5) * Math.log1p(-p / (p + q));
  }
  return logGamma(p) + logGamma(q) - logGamma(p + q);
}

const TINY = 1e-300;
const EPS = 1e-16;
const MAX_ITERATIONS = 100_000;

/** The continued fraction of the incomplete beta function (modified Lentz), converging for x < (a+1)/(a+b+2). */
function betaContinuedFraction(x: number, a: number, b: number): number {
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= MAX_ITERATIONS; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < EPS) return h;
  }
  throw new Error(`betaInc: continued fraction did not converge for x=${x}, a=${a}, b=${b}`);
}

/** The regularised incomplete beta I_x(a, b); `xc` = 1 - x passed separately keeps precision when x is near 1. */
export function betaInc(x: number, a: number, b: number, xc = 1 - x): number {
  if (!(a > 0 && b > 0))
    throw new RangeError(`betaInc: a and b must be positive, got a=${a}, b=${b}`);
  if (x <= 0) return 0;
  if (xc <= 0) return 1;
  const logFront = a * Math.log(x) + b * Math.log(xc) - logBeta(a, b);
  if (x < (a + 1) / (a + b + 2)) return (Math.exp(logFront) * betaContinuedFraction(x, a, b)) / a;
  return 1 - (Math.exp(logFront) * betaContinuedFraction(xc, b, a)) / b;
}

/** The regularised upper incomplete gamma Q(a, x), by series below a+1 and continued fraction above. */
export function gammaQ(a: number, x: number): number {
  if (x <= 0) return 1;
  const logFront = a * Math.log(x) - x - logGamma(a);
  if (x < a + 1) {
    let term = 1 / a;
    let sum = term;
    for (let n = 1; n <= MAX_ITERATIONS; n++) {
      term *= x / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * EPS) return 1 - sum * Math.exp(logFront);
    }
    throw new Error(`gammaQ: series did not converge for a=${a}, x=${x}`);
  }
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i <= MAX_ITERATIONS; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < EPS) return Math.exp(logFront) * h;
  }
  throw new Error(`gammaQ: continued fraction did not converge for a=${a}, x=${x}`);
}

/** The standard normal CDF Φ(z); the far tail keeps its relative precision (erfc via Q(1/2, z²/2)). */
export function normCdf(z: number): number {
  if (Number.isNaN(z)) return NaN;
  const tail = 0.5 * gammaQ(0.5, (z * z) / 2); // P(Z > |z|)
  return z < 0 ? tail : 1 - tail;
}

const A = [
  3.387132872796366608, 1.3314166789178437745e2, 1.9715909503065514427e3, 1.3731693765509461125e4,
  4.5921953931549871457e4, 6.7265770927008700853e4, 3.3430575583588128105e4,
  2.5090809287301226727e3,
];
const B = [
  1, 4.2313330701600911252e1, 6.871870074920579083e2, 5.3941960214247511077e3,
  2.1213794301586595867e4, 3.930789580009271061e4, 2.8729085735721942674e4, 5.226495278852854561e3,
];
const C = [
  1.42343711074968357734, 4.6303378461565452959, 5.7694972214606914055, 3.64784832476320460504,
  1.27045825245236838258, 2.4178072517745061177e-1, 2.27238449892691845833e-2,
  7.7454501427834140764e-4,
];
const D = [
  1, 2.05319162663775882187, 1.6763848301838038494, 6.8976733498510000455e-1,
  1.4810397642748007459e-1, 1.51986665636164571966e-2, 5.475938084995344946e-4,
  1.05075007164441684324e-9,
];
const E = [
  6.6579046435011037772, 5.4637849111641143699, 1.7848265399172913358, 2.9656057182850489123e-1,
  2.6532189526576123093e-2, 1.2426609473880784386e-3, 2.71155556874348757815e-5,
  2.01033439929228813265e-7,
];
const F = [
  1, 5.9983220655588793769e-1, 1.3692988092273580531e-1, 1.48753612908506148525e-2,
  7.868691311456132591e-4, 1.8463183175100546818e-5, 1.4215117583164458887e-7,
  2.04426310338993978564e-15,
];

function horner(coefficients: readonly number[], x: number): number {
  let v = 0;
  for (let i = coefficients.length - 1; i >= 0; i--) v = v * x + coefficients[i];
  return v;
}

/** The standard normal quantile Φ⁻¹(p) (Wichura's AS241, relative error about 1e-16); ±Infinity at 0 and 1. */
export function normQuantile(p: number): number {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`normQuantile: p must be in [0, 1], got ${p}`);
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    return (q * horner(A, r)) / horner(B, r);
  }
  let r = Math.sqrt(-Math.log(q < 0 ? p : 1 - p));
  const value = r <= 5 ? horner(C, (r -= 1.6)) / horner(D, r) : horner(E, (r -= 5)) / horner(F, r);
  return q < 0 ? -value : value;
}

/** P(T > |t|) for Student's t with `df` degrees of freedom, without cancellation in the far tail. */
function tUpperTail(t: number, df: number): number {
  const t2 = t * t;
  return 0.5 * betaInc(df / (df + t2), df / 2, 0.5, t2 / (df + t2));
}

/** P(0 < T < |t|), computed directly so that it keeps its relative precision for small t. */
function tCentral(t: number, df: number): number {
  const t2 = t * t;
  return 0.5 * betaInc(t2 / (df + t2), 0.5, df / 2, df / (df + t2));
}

/** The CDF of Student's t with `df` > 0 degrees of freedom. */
export function tCdf(t: number, df: number): number {
  if (!(df > 0)) throw new RangeError(`tCdf: df must be positive, got ${df}`);
  if (Number.isNaN(t)) return NaN;
  if (t === Infinity) return 1;
  if (t === -Infinity) return 0;
  if (Math.abs(t) < 1) return t < 0 ? 0.5 - tCentral(t, df) : 0.5 + tCentral(t, df);
  const tail = tUpperTail(t, df);
  return t < 0 ? tail : 1 - tail;
}

/** The density of Student's t with `df` degrees of freedom. */
export function tPdf(t: number, df: number): number {
  const logC = -logBeta(df / 2, 0.5) - 0.5 * Math.log(df);
  return Math.exp(logC - ((df + 1) / 2) * Math.log1p((t * t) / df));
}

/** The quantile of Student's t: Newton steps on the tail probability, kept inside a shrinking bracket. */
export function tQuantile(p: number, df: number): number {
  if (!(df > 0)) throw new RangeError(`tQuantile: df must be positive, got ${df}`);
  if (!(p >= 0 && p <= 1)) throw new RangeError(`tQuantile: p must be in [0, 1], got ${p}`);
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  if (p === 0.5) return 0;
  const q = Math.min(p, 1 - p); // solve tail(t) = q for t > 0, then restore the sign
  // Near the median, match the central mass 0.5 - q (exact by Sterbenz) instead of the tail, to keep precision.
  const excess = (t: number) => (q < 0.25 ? tUpperTail(t, df) - q : 0.5 - q - tCentral(t, df));
  let lo = 0;
  let hi = Math.max(1, -normQuantile(q));
  while (tUpperTail(hi, df) > q) {
    lo = hi;
    hi *= 2;
  }
  let t = -normQuantile(q);
  if (!(t > lo && t < hi)) t = (lo + hi) / 2;
  for (let i = 0; i < 500; i++) {
    const f = excess(t);
    if (f === 0) break;
    if (f > 0) lo = t;
    else hi = t;
    let next = t + f / tPdf(t, df);
    if (!(next > lo && next < hi)) next = (lo + hi) / 2;
    if (Math.abs(next - t) <= 1e-15 * Math.abs(t) || hi - lo <= 4e-16 * hi) {
      t = next;
      break;
    }
    t = next;
  }
  return p < 0.5 ? -t : t;
}
