/** Section: the study's question on our own runs — does the ranking on one dataset carry over to the
 * other? With and without the runs that did not learn, each architecture's spread over seeds, and tau-b
 * with an interval over seeds and test examples. The numbers are src/study's rankRuns. */
import { htmlTable } from "../../../widgets/html-table";
import { improvementView } from "../../../widgets/views/improvement";
import { rankBumpView } from "../../../widgets/views/bump";
import { accuracyScatterView } from "../../../widgets/views/scatter";
import {
  rankRuns,
  readStudyRuns,
  type RankStatistics,
  type RunRanking,
} from "../../../src/study/rank";
import { studyRunsFolder } from "../../../src/study/plan";
import type { Section, SectionResult } from "../context";

/** "τ-b 0.611 (95% interval 0.2 to 0.9 over seeds and test examples)" or why there is none. */
function tauText(s: RankStatistics | null): string {
  if (!s) return "too few architectures to rank";
  const ci = s.kendallTauBInterval;
  return `τ-b <strong>${s.kendallTauB.toFixed(3)}</strong>${ci ? ` (95% bootstrap interval ${ci.lo.toFixed(2)} to ${ci.hi.toFixed(2)} over seeds and test examples)` : ""}, Spearman ρ ${s.spearman.toFixed(3)}, ${(s.pairwiseAgreement * 100).toFixed(0)}% of pairs in the same order, R² ${s.raw ? s.raw.r2.toFixed(2) : "n/a"} (probit ${s.probit ? s.probit.r2.toFixed(2) : "n/a"}) over ${s.models.length} architectures`;
}

function statsFacts(s: RankStatistics | null) {
  return (
    s && {
      models: s.models,
      x: s.x,
      y: s.y,
      kendallTauB: s.kendallTauB,
      kendallTauBInterval: s.kendallTauBInterval && {
        lo: s.kendallTauBInterval.lo,
        hi: s.kendallTauBInterval.hi,
        level: s.kendallTauBInterval.level,
        resamples: s.kendallTauBInterval.resamples,
      },
      spearman: s.spearman,
      pairwiseAgreement: s.pairwiseAgreement,
      r2: s.raw?.r2 ?? null,
      probitR2: s.probit?.r2 ?? null,
    }
  );
}

/** The section from a ranking (no files: testable on stub records). */
export function runsResult(ranking: RunRanking, quick: boolean, skipped: number): SectionResult {
  const [A, B] = ranking.datasets;
  const all = ranking.all;
  if (!all) throw new Error(`fewer than 2 architectures have finished runs on both ${A} and ${B}`);
  const imp = ranking.improvement;
  const figures = [
    ...(imp
      ? [
          improvementView({
            models: imp.models,
            baseline: imp.baseline,
            title: `Improvement over ${imp.baseline} on our runs${imp.baselineLearned ? "" : ` (${imp.baseline} did not learn: the ratios divide by chance)`}`,
            series: [
              { dataset: A, values: all.x, kind: "accuracy", provenance: "run" },
              { dataset: B, values: all.y, kind: "accuracy", provenance: "run" },
            ],
          }),
        ]
      : []),
    ...(all.raw
      ? [
          accuracyScatterView({
            pairs: [
              {
                xName: A,
                yName: B,
                points: all.models.map((m, i) => ({ model: m, x: all.x[i], y: all.y[i] })),
                fits: { raw: all.raw, ...(all.probit && { probit: all.probit }) },
              },
            ],
            title: `Mean test accuracy over seeds: ${A} against ${B}`,
          }),
        ]
      : []),
    rankBumpView({
      datasets: [A, B],
      models: all.models.map((m, i) => ({ model: m, accuracies: [all.x[i], all.y[i]] })),
      title: "Ranks on the two datasets",
    }),
  ];
  const notLearned = ranking.notLearned;
  const html = [
    `<p>The study's question, asked of our own runs: if ${A} plays ImageNet and ${B} plays ImageNot,
    does the ranking of the architectures carry over? Each architecture's runs on the two datasets are
    paired only when both were trained from scratch with the same recipe.</p>`,
    `<p>All runs: ${tauText(all)}.</p>`,
    `<p>Only architectures whose every run learned: ${tauText(ranking.learnedOnly)}.</p>`,
    notLearned.length
      ? `<p><strong>${notLearned.length} run(s) did not learn</strong> (learned: false in their records):</p>` +
        htmlTable(
          ["architecture", "dataset", "seed", "accuracy", "reason"],
          notLearned.map((r) => [r.model, r.dataset, r.seed, r.acc, r.learnedReason]),
          { digits: 3 },
        )
      : "<p>Every run learned.</p>",
    imp && !imp.baselineLearned
      ? `<p>The improvement figure's baseline, ${imp.baseline}, did not learn: its ratios divide by an accuracy at chance.</p>`
      : "",
    htmlTable(
      ["architecture", `${A} mean`, `${A} sd`, `${B} mean`, `${B} sd`, "seeds"],
      ranking.spread.map((s) => [s.model, s.a.mean, s.a.sd, s.b.mean, s.b.sd, s.a.seeds]),
      { digits: 3 },
    ),
    quick
      ? "<p>This was a quick run: few images and epochs, so the ranking is noisy; the full run (npm start) trains longer.</p>"
      : "",
    skipped ? `<p>${skipped} unfinished or unreadable run record(s) left out.</p>` : "",
  ].join("\n");
  return {
    title: "Do rankings hold on our runs?",
    html,
    figures,
    facts: {
      datasets: ranking.datasets,
      all: statsFacts(all),
      learnedOnly: statsFacts(ranking.learnedOnly),
      notLearned: notLearned.map((r) => ({
        arch: r.arch,
        dataset: r.dataset,
        seed: r.seed,
        reason: r.learnedReason,
      })),
      spread: ranking.spread,
      improvement: imp,
    },
  };
}

export const runsSection: Section = {
  title: "rankings and R² on our runs, with bootstrap intervals",
  async run(opts) {
    const { records, skipped } = readStudyRuns(studyRunsFolder(opts.out));
    return runsResult(
      rankRuns(records, { seed: opts.seed, resamples: 1000 }),
      opts.quick,
      skipped.length,
    );
  },
};
