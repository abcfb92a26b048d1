/** The two-way study panel's model: accuracies on two datasets -> scatter, improvement and statistics for a state. */
import { kendallTauB, pearson, spearman, type LinearFit } from "../../src/analysis";
import type { Figure } from "../figure";
import { escapeHtml } from "../html";
import { accuracyUnit } from "../views/format";
import { improvementView } from "../views/improvement";
import { accuracyScatterView, fittedPair } from "../views/scatter";

export interface StudyInput {
  /** Architectures in time order. */
  models: string[];
  /** Dataset names: A (x) and B (y). */
  xName: string;
  yName: string;
  /** Accuracy of each model on A and on B (percent or fraction, the same unit for both). */
  x: number[];
  y: number[];
}

/** What the page's controls choose. */
export interface StudyState {
  /** The model the improvement is measured against. */
  baseline: string;
  /** Models left out of the fit, the statistics and both figures. */
  excluded: string[];
  /** The scatter's scale as the page showed it, so a recomputation keeps it. */
  scale: "raw" | "probit";
}

export interface StudyStats {
  n: number;
  pearson: number;
  spearman: number;
  kendallTauB: number;
  raw: LinearFit;
  probit: LinearFit;
}

export interface StudyViews {
  state: StudyState;
  scatter: Figure;
  improvement: Figure;
  stats: StudyStats;
  /** The statistics as one line of HTML, shown above the figures. */
  statsHtml: string;
}

/** Checks the input's shape: one accuracy per model on each dataset, in one unit. */
export function checkStudyInput(input: StudyInput): void {
  const n = input.models.length;
  if (input.x.length !== n || input.y.length !== n) {
    throw new Error(
      `study panel: x has ${input.x.length} and y ${input.y.length} accuracies, expected one per model (${n})`,
    );
  }
  if (new Set(input.models).size !== n) throw new Error("study panel: model names must be unique");
  if (accuracyUnit(input.x, "study panel x") !== accuracyUnit(input.y, "study panel y")) {
    throw new Error(
      "study panel: x and y must use the same unit (both percents or both fractions)",
    );
  }
}

/** The state a page message asks for, checked against the input; errors say which field is wrong. */
export function parseStudyState(input: StudyInput, message: unknown): StudyState {
  const m = (message ?? {}) as Partial<Record<keyof StudyState, unknown>>;
  const baseline = m.baseline ?? input.models[0];
  if (typeof baseline !== "string" || !input.models.includes(baseline))
    throw new Error(`baseline must be one of the models, got ${JSON.stringify(baseline)}`);
  const excluded = m.excluded ?? [];
  if (
    !Array.isArray(excluded) ||
    excluded.some((e) => typeof e !== "string" || !input.models.includes(e))
  ) {
    throw new Error(`excluded must be a list of model names, got ${JSON.stringify(excluded)}`);
  }
  if (excluded.includes(baseline)) throw new Error(`the baseline ${baseline} cannot be left out`);
  if (input.models.length - excluded.length < 3)
    throw new Error("at least 3 models must stay in to fit a line");
  const scale = m.scale ?? "raw";
  if (scale !== "raw" && scale !== "probit")
    throw new Error(`scale must be "raw" or "probit", got ${JSON.stringify(scale)}`);
  return { baseline, excluded: excluded as string[], scale };
}

const fmt = (v: number) => v.toFixed(3);

/** Recomputes everything for `state` with src/analysis: fits on both scales, correlations, both figures. */
export function studyViews(input: StudyInput, state: StudyState): StudyViews {
  const keep = input.models.flatMap((m, i) => (state.excluded.includes(m) ? [] : [i]));
  const models = keep.map((i) => input.models[i]);
  const x = keep.map((i) => input.x[i]);
  const y = keep.map((i) => input.y[i]);
  const pair = fittedPair(input.xName, input.yName, models, x, y);
  const { raw, probit } = pair.fits;
  const stats: StudyStats = {
    n: keep.length,
    pearson: pearson(x, y),
    spearman: spearman(x, y),
    kendallTauB: kendallTauB(x, y),
    raw,
    probit,
  };
  const scatter = accuracyScatterView({ pairs: [pair], scale: state.scale });
  const improvement = improvementView({
    models,
    baseline: state.baseline,
    series: [
      { dataset: input.xName, kind: "accuracy", values: x },
      { dataset: input.yName, kind: "accuracy", values: y },
    ],
  });
  const left = state.excluded.length
    ? ` · left out: ${state.excluded.map(escapeHtml).join(", ")}`
    : "";
  const statsHtml =
    `n = ${stats.n} · Kendall τ<sub>b</sub> ${fmt(stats.kendallTauB)} · Spearman ${fmt(stats.spearman)} · ` +
    `Pearson ${fmt(stats.pearson)} · raw fit slope ${fmt(raw.slope)} (R² ${fmt(raw.r2)}) · probit fit slope ${fmt(probit.slope)} (R² ${fmt(probit.r2)})${left}`;
  return { state, scatter, improvement, stats, statsHtml };
}
