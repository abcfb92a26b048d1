/** Did the benchmark ranking hold on the user's data? Kendall's tau-b between benchmark standing and
 * accuracy on the user's test images, with a bootstrap interval over those images. */
import { bootstrapExamples, type Correctness } from "../analysis/bootstrap";
import { kendallTauB } from "../analysis/kendall";

export interface RankingHeld {
  /** tau-b of (benchmark score, accuracy on your data); NaN with fewer than 2 candidates or all tied. */
  tauB: number;
  lo: number;
  hi: number;
  level: number;
  resamples: number;
  /** Resamples where tau-b was undefined (every accuracy tied), left out of the interval. */
  undefinedCount: number;
  /** Candidates compared. */
  n: number;
}

/** tau-b between `benchmark` (higher is better, e.g. ImageNet top-1) and the accuracies given by each
 * candidate's per-example correctness on the same test images; the interval resamples those images. */
export function rankingHeld(
  benchmark: readonly number[],
  correctness: readonly Correctness[],
  options: { resamples?: number; seed?: number; level?: number } = {},
): RankingHeld {
  if (benchmark.length !== correctness.length)
    throw new RangeError(
      `rankingHeld: ${benchmark.length} benchmark values for ${correctness.length} candidates`,
    );
  const level = options.level ?? 0.95;
  if (benchmark.length < 2)
    return {
      tauB: NaN,
      lo: NaN,
      hi: NaN,
      level,
      resamples: 0,
      undefinedCount: 0,
      n: benchmark.length,
    };
  const b = bootstrapExamples([correctness], (acc) => kendallTauB(benchmark, acc[0]), {
    resamples: options.resamples ?? 1000,
    seed: options.seed ?? 0,
    level,
  });
  return {
    tauB: b.estimate,
    lo: b.lo,
    hi: b.hi,
    level,
    resamples: b.resamples,
    undefinedCount: b.undefinedCount,
    n: benchmark.length,
  };
}
