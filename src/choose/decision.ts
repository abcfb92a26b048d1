/** The decision, put together from measured candidates: benchmark standing, accuracy on the user's data
 * with intervals, cost, the Pareto front, the recommendation, whether the benchmark ranking held, and the
 * caveats in plain words. Pure: the measuring is done elsewhere (measure.ts). */
import { correctnessVector, type Correctness } from "../analysis/bootstrap";
import { accuracyInterval, type IntervalMethod } from "./interval";
import { paretoFront } from "./pareto";
import { rankingHeld, type RankingHeld } from "./ranking";
import { recommend, withinBestInterval, type Recommendation } from "./recommend";
import { benchmarkStanding, type BenchmarkStanding } from "./standing";

/** What was measured of one candidate on this machine and on the user's data. */
export interface MeasuredCandidate {
  arch: string;
  /** Per-example correctness on the user's test images (a run record's testCorrect). */
  testCorrect: Correctness;
  params: number;
  macs: number;
  /** Inference latency per image at batch 1, ms. */
  latencyMs: number;
  /** Training throughput, images per second. */
  trainImgPerS: number;
}

/** The axis accuracy is traded against. */
export type CostAxis = "latency" | "macs";
export const COST_AXES: readonly CostAxis[] = ["latency", "macs"];

export interface DecisionOptions {
  budgetMs?: number;
  /** Weight of accuracy against cost in [0, 1] (default 0.5). */
  weight?: number;
  cost?: CostAxis;
  interval?: IntervalMethod;
  /** Coverage of every interval (default 0.95). */
  level?: number;
  /** Bootstrap of tau-b: resamples (1000) and seed (0). */
  resamples?: number;
  seed?: number;
}

/** One row of the decision table. */
export interface CandidateRow extends BenchmarkStanding {
  accuracy: number;
  correct: number;
  tested: number;
  accuracyInterval: [number, number];
  params: number;
  macs: number;
  latencyMs: number;
  trainImgPerS: number;
  onFront: boolean;
}

/** The same architecture trained from scratch on the user's data: what pretraining adds. */
export interface BaselineRow {
  arch: string;
  displayName: string;
  accuracy: number;
  accuracyInterval: [number, number];
}

export interface Decision {
  candidates: CandidateRow[];
  baseline: BaselineRow | null;
  /** Pareto front of all candidates (accuracy vs the cost axis), cheapest first. */
  front: string[];
  recommendation: Recommendation;
  tauB: RankingHeld;
  /** Candidates whose interval overlaps the most accurate one's (that one first). */
  withinIntervals: string[];
  /** Caveats in plain words. */
  notes: string[];
  settings: Required<Omit<DecisionOptions, "budgetMs">> & { budgetMs: number | null };
  /** The reference table's source line. */
  benchmarkSource: string;
}

function measuredAccuracy(
  correct: Correctness,
  what: string,
  method: IntervalMethod,
  level: number,
): { accuracy: number; correct: number; tested: number; accuracyInterval: [number, number] } {
  const v = correctnessVector(correct, what);
  if (v.length === 0) throw new RangeError(`${what}: no test images`);
  const k = v.reduce((s, x) => s + x, 0);
  const i = accuracyInterval(k, v.length, method, level);
  return { accuracy: k / v.length, correct: k, tested: v.length, accuracyInterval: [i.lo, i.hi] };
}

/** The decision for `measured` candidates (all tested on the same images), with an optional from-scratch
 * baseline. */
export function decide(
  measured: readonly MeasuredCandidate[],
  baseline: { arch: string; testCorrect: Correctness } | null = null,
  options: DecisionOptions = {},
): Decision {
  if (measured.length === 0) throw new RangeError("decide: no candidates");
  const settings = {
    budgetMs: options.budgetMs ?? null,
    weight: options.weight ?? 0.5,
    cost: options.cost ?? "latency",
    interval: options.interval ?? "wilson",
    level: options.level ?? 0.95,
    resamples: options.resamples ?? 1000,
    seed: options.seed ?? 0,
  } as Decision["settings"];
  const { rows: standing, source } = benchmarkStanding(measured.map((m) => m.arch));
  const cost = (m: MeasuredCandidate) => (settings.cost === "latency" ? m.latencyMs : m.macs);
  const rows: CandidateRow[] = measured.map((m, i) => ({
    ...standing[i],
    ...measuredAccuracy(m.testCorrect, m.arch, settings.interval, settings.level),
    params: m.params,
    macs: m.macs,
    latencyMs: m.latencyMs,
    trainImgPerS: m.trainImgPerS,
    onFront: false,
  }));
  const tested = new Set(rows.map((r) => r.tested));
  if (tested.size > 1)
    throw new RangeError(
      `decide: candidates were tested on different numbers of images (${[...tested]})`,
    );
  const front = paretoFront(
    rows.map((r, i) => ({ accuracy: r.accuracy, cost: cost(measured[i]) })),
  ).map((i) => rows[i].arch);
  for (const r of rows) r.onFront = front.includes(r.arch);
  const recommendation = recommend(
    rows.map((r, i) => ({
      arch: r.arch,
      accuracy: r.accuracy,
      cost: cost(measured[i]),
      latencyMs: r.latencyMs,
    })),
    { budgetMs: settings.budgetMs ?? undefined, weight: settings.weight },
  );
  const tauB = rankingHeld(
    rows.map((r) => r.imagenetTop1),
    measured.map((m) => m.testCorrect),
    settings,
  );
  const withinIntervals = withinBestInterval(
    rows.map((r) => ({
      arch: r.arch,
      accuracy: r.accuracy,
      interval: { lo: r.accuracyInterval[0], hi: r.accuracyInterval[1] },
    })),
  );
  const base = baseline
    ? (() => {
        const a = measuredAccuracy(
          baseline.testCorrect,
          `${baseline.arch} (from scratch)`,
          settings.interval,
          settings.level,
        );
        return {
          arch: baseline.arch,
          displayName: standing.find((s) => s.arch === baseline.arch)?.displayName ?? baseline.arch,
          accuracy: a.accuracy,
          accuracyInterval: a.accuracyInterval,
        };
      })()
    : null;
  const decision: Decision = {
    candidates: rows,
    baseline: base,
    front,
    recommendation,
    tauB,
    withinIntervals,
    notes: [],
    settings,
    benchmarkSource: source,
  };
  decision.notes = decisionNotes(decision);
  return decision;
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

/** The caveats a reader needs next to the recommendation, in plain words. */
export function decisionNotes(d: Decision): string[] {
  const notes: string[] = [];
  const name = (arch: string) => d.candidates.find((c) => c.arch === arch)?.displayName ?? arch;
  const n = d.candidates[0].tested;
  const level = `${Math.round(100 * d.settings.level)}%`;
  if (d.withinIntervals.length > 1)
    notes.push(
      `The accuracies of ${d.withinIntervals.map(name).join(", ")} lie within the ${level} interval of the best: ` +
        `on ${n} test images these differences may be chance, so let cost decide among them.`,
    );
  else
    notes.push(
      `${name(d.withinIntervals[0])} is more accurate than every other candidate beyond the ${level} intervals.`,
    );
  const t = d.tauB;
  if (Number.isNaN(t.tauB))
    notes.push("The ranking could not be compared (fewer than two candidates, or all tied).");
  else if (t.lo > 0)
    notes.push(
      `${t.tauB === 1 ? "The benchmark ranking held on your data" : "Your data ranks the candidates partly as the benchmark does"}: ` +
        `tau-b ${t.tauB.toFixed(2)} (${level} interval ${t.lo.toFixed(2)} to ${t.hi.toFixed(2)}, above 0).`,
    );
  else
    notes.push(
      `Whether the benchmark ranking held is not settled by these images: tau-b ${t.tauB.toFixed(2)}, ` +
        `its ${level} interval, ${t.lo.toFixed(2)} to ${t.hi.toFixed(2)}, includes 0 (no relation).`,
    );
  if (d.baseline) {
    const b = d.baseline;
    const same = d.candidates.find((c) => c.arch === b.arch);
    if (same) {
      const [lo, hi] = same.accuracyInterval;
      const tuned = `${pct(same.accuracy)} fine-tuned against ${pct(b.accuracy)} from scratch`;
      notes.push(
        b.accuracy < lo
          ? `Pretraining helped ${b.displayName}: ${tuned}.`
          : b.accuracy > hi
            ? `Pretraining hurt ${b.displayName}: ${tuned}.`
            : `Pretraining did not clearly help ${b.displayName}: ${tuned}, within the interval.`,
      );
    }
  }
  if (d.recommendation.arch === null) notes.push(d.recommendation.reason + ".");
  notes.push(
    "Absolute accuracy does not carry over from benchmarks: measure it on images from the site where the model will run.",
  );
  return notes;
}
