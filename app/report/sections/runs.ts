/** Section: the study's question on our own runs — does the ranking on one dataset carry over to the other? */
import { htmlTable } from "../../../widgets/html-table";
import { improvementView } from "../../../widgets/views/improvement";
import { rankBumpView } from "../../../widgets/views/bump";
import { accuracyScatterView } from "../../../widgets/views/scatter";
import {
  bootstrapExamples,
  kendallTauB,
  linearFit,
  pairwiseAgreement,
  ranks,
  spearman,
} from "../../../src/analysis";
import { ARCHITECTURES, architectureFacts } from "../../../src/models/facts";
import { pairByModel, runResults } from "../../../src/results/table";
import type { Section } from "../context";
import { runsFolder } from "./training";

export const runsSection: Section = {
  title: "rankings and R² on our runs, with bootstrap intervals",
  async run(opts) {
    const { rows, skipped } = runResults(runsFolder(opts));
    const [A, B] = ["mnist", "fashion-mnist"];
    const paired = pairByModel(rows, A, B);
    if (paired.models.length < 3)
      throw new Error(
        `only ${paired.models.length} architectures have finished runs on both datasets in ${runsFolder(opts)}`,
      );
    // Architectures in time order (the study's x axis).
    const order = ARCHITECTURES.map((id) => architectureFacts(id).displayName).filter((m) =>
      paired.models.includes(m),
    );
    const at = (m: string) => paired.models.indexOf(m);
    const x = order.map((m) => paired.x[at(m)]),
      y = order.map((m) => paired.y[at(m)]);
    const tau = kendallTauB(x, y),
      rho = spearman(x, y),
      agree = pairwiseAgreement(x, y);
    const raw = linearFit(x, y, { scale: "raw" }),
      probit = linearFit(x, y, { scale: "probit" });
    const tauCI =
      paired.correctX && paired.correctY
        ? bootstrapExamples(
            [order.map((m) => paired.correctX![at(m)]), order.map((m) => paired.correctY![at(m)])],
            ([a, b]) => kendallTauB(a, b),
            { seed: opts.seed, resamples: 1000 },
          )
        : null;
    const rankA = ranks(x, { descending: true }),
      rankB = ranks(y, { descending: true });
    const figures = [
      improvementView({
        models: order,
        baseline: order[0],
        title: `Improvement over ${order[0]} on our runs`,
        series: [
          { dataset: A, values: x, kind: "accuracy", provenance: "run" },
          { dataset: B, values: y, kind: "accuracy", provenance: "run" },
        ],
      }),
      accuracyScatterView({
        pairs: [
          {
            xName: A,
            yName: B,
            points: order.map((m, i) => ({ model: m, x: x[i], y: y[i] })),
            fits: { raw, probit },
          },
        ],
        title: `Test accuracy: ${A} against ${B}`,
      }),
      rankBumpView({
        datasets: [A, B],
        models: order.map((m, i) => ({ model: m, accuracies: [x[i], y[i]] })),
        title: "Ranks on the two datasets",
      }),
    ];
    const ci = tauCI
      ? ` (95% bootstrap interval over test examples ${tauCI.lo.toFixed(2)} to ${tauCI.hi.toFixed(2)})`
      : "";
    const html = [
      `<p>The study's question, asked of our own runs: if ${A} plays ImageNet and ${B} plays ImageNot, does the
      ranking of the architectures carry over? Kendall τ-b <strong>${tau.toFixed(3)}</strong>${ci}; Spearman ρ
      ${rho.toFixed(3)}; ${(agree.agreement * 100).toFixed(0)}% of the pairs of architectures are ordered the same
      way on both; a line through the accuracies explains R² = ${raw.r2.toFixed(2)} of the variance (probit scale:
      ${probit.r2.toFixed(2)}).${opts.quick ? " This was a quick run: each model saw its data once, so the ranking is noisy; the full run (npm start) trains longer." : ""}
      The interval resamples each test set's examples, so it says how much of the agreement could be luck of the test draw.</p>`,
      htmlTable(
        ["architecture", `${A} accuracy %`, `${B} accuracy %`, `rank on ${A}`, `rank on ${B}`],
        order.map((m, i) => [m, x[i], y[i], rankA[i], rankB[i]]),
        { digits: 2 },
      ),
      skipped.length
        ? `<p>${skipped.length} unfinished or unreadable run record(s) left out.</p>`
        : "",
    ].join("\n");
    return {
      title: "Do rankings hold on our runs?",
      html,
      figures,
      facts: {
        models: order,
        [A]: x,
        [B]: y,
        kendallTauB: tau,
        kendallTauBInterval: tauCI && {
          lo: tauCI.lo,
          hi: tauCI.hi,
          level: tauCI.level,
          resamples: tauCI.resamples,
        },
        spearman: rho,
        pairwiseAgreement: agree.agreement,
        raw,
        probit,
      },
    };
  },
};
