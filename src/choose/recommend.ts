/** The recommendation: among the candidates within a latency budget, the one with the best weighted
 * trade-off of accuracy against cost, and which candidates the test set cannot tell apart. */
import { paretoFront } from "./pareto";

/** What the recommendation reads of a candidate. */
export interface Choice {
  arch: string;
  accuracy: number;
  /** The cost traded against accuracy (latency in ms, or MACs). */
  cost: number;
  /** Inference latency per image, for the budget. */
  latencyMs: number;
}

export interface RecommendOptions {
  /** Largest acceptable latency per image in ms; none by default. */
  budgetMs?: number;
  /** Weight of accuracy against cost, in [0, 1]: 1 takes the most accurate, 0 the cheapest (default 0.5). */
  weight?: number;
}

export interface Recommendation {
  /** The chosen arch, or null when no candidate meets the budget. */
  arch: string | null;
  /** The candidates within the budget, in input order. */
  eligible: string[];
  /** Pareto front of the eligible candidates, cheapest first. */
  front: string[];
  /** Score per eligible arch: weight x accuracy - (1 - weight) x cost, each min-max scaled over the eligible. */
  scores: Record<string, number>;
  /** One sentence saying why. */
  reason: string;
}

/** `value` scaled to [0, 1] over [min, max]; 0 when the range is empty (the axis does not separate them). */
function scaled(value: number, min: number, max: number): number {
  return max > min ? (value - min) / (max - min) : 0;
}

/** Recommends one of `choices`: within `budgetMs`, the highest score weight x accuracy - (1 - weight) x cost
 * on min-max scaled axes; ties go to higher accuracy, then lower cost, then input order. The winner is
 * always on the Pareto front of the eligible candidates. */
export function recommend(
  choices: readonly Choice[],
  options: RecommendOptions = {},
): Recommendation {
  const weight = options.weight ?? 0.5;
  if (!(weight >= 0 && weight <= 1))
    throw new RangeError(`recommend: weight must be in [0, 1], got ${weight}`);
  const budget = options.budgetMs ?? Infinity;
  if (!(budget > 0)) throw new RangeError(`recommend: budgetMs must be positive, got ${budget}`);
  const eligible = choices.filter((c) => c.latencyMs <= budget);
  const front = paretoFront(eligible).map((i) => eligible[i].arch);
  if (eligible.length === 0) {
    const fastest = [...choices].sort((a, b) => a.latencyMs - b.latencyMs)[0];
    return {
      arch: null,
      eligible: [],
      front: [],
      scores: {},
      reason: fastest
        ? `no candidate meets the budget of ${budget} ms per image; the fastest, ${fastest.arch}, takes ${fastest.latencyMs.toFixed(2)} ms`
        : "no candidates",
    };
  }
  const accs = eligible.map((c) => c.accuracy);
  const costs = eligible.map((c) => c.cost);
  const [aMin, aMax, cMin, cMax] = [
    Math.min(...accs),
    Math.max(...accs),
    Math.min(...costs),
    Math.max(...costs),
  ];
  const scores = Object.fromEntries(
    eligible.map((c) => [
      c.arch,
      weight * scaled(c.accuracy, aMin, aMax) - (1 - weight) * scaled(c.cost, cMin, cMax),
    ]),
  );
  const best = eligible.reduce((b, c) => {
    const d = scores[c.arch] - scores[b.arch];
    if (d > 1e-12) return c;
    if (d < -1e-12) return b;
    if (c.accuracy !== b.accuracy) return c.accuracy > b.accuracy ? c : b;
    return c.cost < b.cost ? c : b;
  });
  const within = Number.isFinite(budget) ? ` within ${budget} ms per image` : "";
  return {
    arch: best.arch,
    eligible: eligible.map((c) => c.arch),
    front,
    scores,
    reason: `${best.arch} has the best trade-off${within} at accuracy weight ${weight} (${eligible.length} of ${choices.length} candidates eligible)`,
  };
}

/** An accuracy with its interval. */
export interface IntervalChoice {
  arch: string;
  accuracy: number;
  interval: { lo: number; hi: number };
}

/** The candidates whose interval overlaps the most accurate one's (that one first): the test set cannot
 * rank them against it. A single entry means the best stands apart. */
export function withinBestInterval(choices: readonly IntervalChoice[]): string[] {
  if (choices.length === 0) return [];
  const best = choices.reduce((b, c) => (c.accuracy > b.accuracy ? c : b));
  return [
    best.arch,
    ...choices
      .filter(
        (c) => c !== best && c.interval.hi >= best.interval.lo && c.interval.lo <= best.interval.hi,
      )
      .map((c) => c.arch),
  ];
}
