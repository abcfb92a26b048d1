/** The study's question asked of our own runs: does the ranking of architectures on one dataset hold on
 * the other? Rank statistics over all runs and over the runs that learned, each architecture's mean and
 * spread over seeds, and Kendall tau-b with a bootstrap interval over seeds and test examples. No TensorFlow. */
import {
  correctnessVector,
  percentileInterval,
  type BootstrapInterval,
} from "../analysis/bootstrap";
import { spearman } from "../analysis/correlation";
import { linearFit, type LinearFit } from "../analysis/fit";
import { kendallTauB, pairwiseAgreement } from "../analysis/kendall";
import { ARCHITECTURES, displayName, isArchitecture } from "../models/facts";
import { findRunRecords } from "../results/table";
import { learnedVerdict } from "../train/learned";
import { readRunRecord, type RunRecord } from "../train/run-record";
import { Rng } from "../util/rng";

/** One finished run as the ranking sees it. */
export interface StudyRun {
  arch: string;
  model: string;
  dataset: string;
  seed: number;
  /** The recipe's name ("unrecorded" for records older than recipes, "none" without a recipe). */
  recipe: string;
  /** Neither fine-tuned nor given a ready model. */
  fromScratch: boolean;
  acc: number;
  learned: boolean;
  learnedReason: string;
  correct: Uint8Array | null;
}

/** A record as a StudyRun; the learned verdict is computed when the record predates it. */
export function studyRun(r: RunRecord): StudyRun {
  const verdict =
    r.learned === undefined
      ? learnedVerdict({ ...r, trainLosses: r.metrics.map((m) => m.trainLoss) })
      : { learned: r.learned, reason: r.learnedReason ?? "" };
  return {
    arch: r.arch,
    model: isArchitecture(r.arch) ? displayName(r.arch) : r.arch,
    dataset: r.dataset,
    seed: r.seed,
    recipe: r.recipe ? (r.recipe.name ?? "none") : "unrecorded",
    fromScratch: !r.config.fineTune && !r.config.modelGiven,
    acc: r.finalTestAcc,
    learned: verdict.learned,
    learnedReason: verdict.reason,
    correct: r.testCorrect ? correctnessVector(r.testCorrect, `${r.arch} ${r.dataset}`) : null,
  };
}

/** The finished run records under `folder`, and the run.json files left out with the reason. */
export function readStudyRuns(folder: string): {
  records: RunRecord[];
  skipped: { path: string; reason: string }[];
} {
  const records: RunRecord[] = [];
  const skipped: { path: string; reason: string }[] = [];
  for (const path of findRunRecords(folder)) {
    try {
      const r = readRunRecord(path.slice(0, -"/run.json".length));
      if (r.status === "complete") records.push(r);
      else skipped.push({ path, reason: `not finished (status ${r.status})` });
    } catch (e) {
      skipped.push({ path, reason: (e as Error).message });
    }
  }
  return { records, skipped };
}

/** Accuracy over seeds of one architecture on one dataset. */
export interface Spread {
  mean: number;
  sd: number;
  min: number;
  max: number;
  seeds: number;
}

/** The rank statistics of one selection of architectures. */
export interface RankStatistics {
  models: string[];
  /** Mean accuracy (fraction) over seeds, per model, on dataset A (x) and B (y). */
  x: number[];
  y: number[];
  kendallTauB: number;
  /** Over seeds (resampled per architecture) and test examples (resampled per dataset); null when there
   * are fewer than 3 models or no per-example results. */
  kendallTauBInterval: BootstrapInterval | null;
  spearman: number;
  pairwiseAgreement: number;
  raw: LinearFit | null;
  probit: LinearFit | null;
}

export interface RunRanking {
  datasets: [string, string];
  /** Every run used, with its learned mark. */
  runs: StudyRun[];
  /** Runs left out of the pairing: not from scratch, or another recipe than the architecture's first. */
  unpaired: { run: StudyRun; reason: string }[];
  spread: { model: string; a: Spread; b: Spread }[];
  /** Statistics over every paired architecture, and over those whose runs all learned on both datasets. */
  all: RankStatistics | null;
  learnedOnly: RankStatistics | null;
  /** Architectures left out of `learnedOnly`, with the runs that did not learn. */
  notLearned: StudyRun[];
  /** Mean accuracy over the baseline's (AlexNet's) per dataset; `baselineLearned` false says the ratio's
   * denominator is a run at chance. */
  improvement: {
    baseline: string;
    baselineLearned: boolean;
    models: string[];
    a: number[];
    b: number[];
  } | null;
}

export interface RankRunsOptions {
  datasets?: [string, string];
  /** Bootstrap resamples (1000) and seed (0). */
  resamples?: number;
  seed?: number;
}

/** Mean, sample standard deviation (0 for one value), least and greatest of `values`, and their count. */
export function spreadOf(values: number[]): Spread {
  const n = values.length;
  const mean = values.reduce((s, v) => s + v, 0) / n;
  const sd = n > 1 ? Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1)) : 0;
  return { mean, sd, min: Math.min(...values), max: Math.max(...values), seeds: n };
}

/** Ranks the runs: pairs each architecture's from-scratch runs of one recipe on both datasets. */
export function rankRuns(records: readonly RunRecord[], opts: RankRunsOptions = {}): RunRanking {
  const [A, B] = opts.datasets ?? ["mnist", "fashion-mnist"];
  const runs = records.map(studyRun);
  const unpaired: RunRanking["unpaired"] = [];
  // The recipe each architecture is paired on: that of its first from-scratch run.
  const recipeOf = new Map<string, string>();
  const byModel = new Map<string, { a: StudyRun[]; b: StudyRun[] }>();
  for (const run of runs) {
    if (run.dataset !== A && run.dataset !== B) continue;
    if (!run.fromScratch) {
      unpaired.push({ run, reason: "not trained from scratch" });
      continue;
    }
    const recipe = recipeOf.get(run.model) ?? run.recipe;
    recipeOf.set(run.model, recipe);
    if (run.recipe !== recipe) {
      unpaired.push({ run, reason: `recipe ${run.recipe}, paired runs use ${recipe}` });
      continue;
    }
    const entry = byModel.get(run.model) ?? { a: [], b: [] };
    (run.dataset === A ? entry.a : entry.b).push(run);
    byModel.set(run.model, entry);
  }
  // Architectures in the paper's (time) order, others after.
  const order = ARCHITECTURES.map(displayName);
  const models = [...byModel.keys()]
    .filter((m) => byModel.get(m)!.a.length && byModel.get(m)!.b.length)
    .sort((p, q) => (order.indexOf(p) + 1 || 99) - (order.indexOf(q) + 1 || 99));
  const spread = models.map((model) => ({
    model,
    a: spreadOf(byModel.get(model)!.a.map((r) => r.acc)),
    b: spreadOf(byModel.get(model)!.b.map((r) => r.acc)),
  }));
  const notLearned = runs.filter((r) => !r.learned);
  const learnedModels = models.filter((m) =>
    [...byModel.get(m)!.a, ...byModel.get(m)!.b].every((r) => r.learned),
  );
  const stats = (chosen: string[]) =>
    rankStatistics(
      chosen,
      chosen.map((m) => byModel.get(m)!),
      opts,
    );
  const baseline = displayName("alexnet");
  const at = models.indexOf(baseline);
  const improvement =
    at < 0
      ? null
      : {
          baseline,
          baselineLearned: [...byModel.get(baseline)!.a, ...byModel.get(baseline)!.b].every(
            (r) => r.learned,
          ),
          models,
          a: spread.map((s) => s.a.mean / spread[at].a.mean),
          b: spread.map((s) => s.b.mean / spread[at].b.mean),
        };
  return {
    datasets: [A, B],
    runs,
    unpaired,
    spread,
    all: stats(models),
    learnedOnly: stats(learnedModels),
    notLearned,
    improvement,
  };
}

/** tau-b, Spearman, pairwise agreement and fits of the mean accuracies, with the tau-b interval. */
function rankStatistics(
  models: string[],
  runs: { a: StudyRun[]; b: StudyRun[] }[],
  opts: RankRunsOptions,
): RankStatistics | null {
  if (models.length < 2) return null;
  const mean = (rs: StudyRun[]) => rs.reduce((s, r) => s + r.acc, 0) / rs.length;
  const x = runs.map((r) => mean(r.a)),
    y = runs.map((r) => mean(r.b));
  const fit = (scale: "raw" | "probit") => {
    try {
      return linearFit(x, y, { scale });
    } catch {
      return null; // e.g. fewer than 3 points, or an accuracy of exactly 0 or 1 on the probit scale
    }
  };
  return {
    models,
    x,
    y,
    kendallTauB: kendallTauB(x, y),
    kendallTauBInterval: models.length >= 3 ? tauInterval(runs, opts) : null,
    spearman: spearman(x, y),
    pairwiseAgreement: pairwiseAgreement(x, y).agreement,
    raw: fit("raw"),
    probit: fit("probit"),
  };
}

/** Percentile bootstrap of tau-b: each resample draws, per dataset, the test examples (shared by all
 * architectures, which saw the same items) and, per architecture, its seeds, both with replacement. */
function tauInterval(
  runs: { a: StudyRun[]; b: StudyRun[] }[],
  opts: RankRunsOptions,
): BootstrapInterval | null {
  const sides = [runs.map((r) => r.a), runs.map((r) => r.b)];
  const lengths = sides.map((side) => side.flat().map((r) => r.correct?.length ?? -1));
  if (lengths.some((ls) => ls.some((n) => n !== ls[0] || n <= 0))) return null;
  const rng = new Rng(opts.seed ?? 0);
  const resamples = opts.resamples ?? 1000;
  const accuracy = (r: StudyRun, weights: Uint32Array) => {
    let right = 0;
    r.correct!.forEach((c, i) => (right += c * weights[i]));
    return right / r.correct!.length;
  };
  const meanOver = (weights: Uint32Array, seedRuns: StudyRun[], draw: boolean) => {
    let sum = 0;
    for (let k = 0; k < seedRuns.length; k++)
      sum += accuracy(seedRuns[draw ? rng.int(seedRuns.length) : k], weights);
    return sum / seedRuns.length;
  };
  const statistic = (draw: boolean) => {
    const [xa, ya] = sides.map((side, s) => {
      const n = lengths[s][0];
      const weights = new Uint32Array(n);
      if (draw) for (let i = 0; i < n; i++) weights[rng.int(n)]++;
      else weights.fill(1);
      return side.map((seedRuns) => meanOver(weights, seedRuns, draw));
    });
    return kendallTauB(xa, ya);
  };
  const estimate = statistic(false);
  const values = Array.from({ length: resamples }, () => statistic(true));
  return percentileInterval(estimate, values, 0.95);
}
