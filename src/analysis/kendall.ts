/** Kendall's tau-b and pairwise order agreement, counted in O(n log n) with Knight's algorithm. */
import { assertPaired } from "./ranks";

export interface PairCounts {
  /** n(n-1)/2. */
  pairs: number;
  concordant: number;
  discordant: number;
  /** Pairs tied in x (whether or not also tied in y), in y, and in both. */
  tiedX: number;
  tiedY: number;
  tiedBoth: number;
}

/** Pairs within runs of equal items among n sorted ones, where same(i) says item i equals item i-1. */
function tiedPairs(n: number, same: (i: number) => boolean): number {
  let total = 0;
  let run = 1;
  for (let i = 1; i <= n; i++) {
    if (i < n && same(i)) run++;
    else {
      total += (run * (run - 1)) / 2;
      run = 1;
    }
  }
  return total;
}

/** Sorts `a` ascending by merge sort with a scratch buffer, returning the number of strict inversions (i<j,
 * a[i]>a[j]). */
function mergeCountInversions(a: Float64Array): number {
  const n = a.length;
  let src = a;
  let dst = new Float64Array(n);
  let swaps = 0;
  for (let width = 1; width < n; width *= 2) {
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(lo + width, n);
      const hi = Math.min(lo + 2 * width, n);
      let i = lo,
        j = mid,
        k = lo;
      while (i < mid && j < hi) {
        // Equal values are taken from the left, so ties are not counted as inversions.
        if (src[i] <= src[j]) dst[k++] = src[i++];
        else {
          swaps += mid - i;
          dst[k++] = src[j++];
        }
      }
      while (i < mid) dst[k++] = src[i++];
      while (j < hi) dst[k++] = src[j++];
    }
    [src, dst] = [dst, src];
  }
  if (src !== a) a.set(src);
  return swaps;
}

/** Concordant, discordant and tied pairs of (x, y) in O(n log n) (Knight 1966). */
export function pairCounts(x: ArrayLike<number>, y: ArrayLike<number>): PairCounts {
  assertPaired(x, y, 0, "pairCounts");
  const n = x.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => x[a] - x[b] || y[a] - y[b]);
  const xs = Float64Array.from(order, (i) => x[i]);
  const ys = Float64Array.from(order, (i) => y[i]);
  const tiedX = tiedPairs(n, (i) => xs[i] === xs[i - 1]);
  const tiedBoth = tiedPairs(n, (i) => xs[i] === xs[i - 1] && ys[i] === ys[i - 1]);
  // With x sorted (and y sorted within x ties), a pair is discordant exactly when y is inverted.
  const discordant = mergeCountInversions(ys);
  const tiedY = tiedPairs(n, (i) => ys[i] === ys[i - 1]);
  const pairs = (n * (n - 1)) / 2;
  const concordant = pairs - tiedX - tiedY + tiedBoth - discordant;
  return { pairs, concordant, discordant, tiedX, tiedY, tiedBoth };
}

/** Kendall's tau-b (ties adjusted, as scipy.stats.kendalltau); NaN when x or y is constant. */
export function kendallTauB(x: ArrayLike<number>, y: ArrayLike<number>): number {
  assertPaired(x, y, 2, "kendallTauB");
  const c = pairCounts(x, y);
  const denominator = Math.sqrt(c.pairs - c.tiedX) * Math.sqrt(c.pairs - c.tiedY);
  if (denominator === 0) return NaN;
  return Math.max(-1, Math.min(1, (c.concordant - c.discordant) / denominator));
}

export interface PairwiseAgreement extends PairCounts {
  /** Share of pairs ordered strictly in both x and y that are ordered the same way. */
  agreement: number;
}

/** Pairwise order agreement: of the model pairs that x and y both separate, the share put in the same order. */
export function pairwiseAgreement(x: ArrayLike<number>, y: ArrayLike<number>): PairwiseAgreement {
  assertPaired(x, y, 2, "pairwiseAgreement");
  const c = pairCounts(x, y);
  const ordered = c.concordant + c.discordant;
  return { ...c, agreement: ordered === 0 ? NaN : c.concordant / ordered };
}
