/** Section 1: the paper's claim from data/reference — the improvement figure and the two rankings
 * (src/study's paperRankings). */
import { improvementView } from "../../../widgets/views/improvement";
import { htmlTable, sourceParagraph } from "../../../widgets/html-table";
import { paperRankings, type PaperRankings } from "../../../src/study/paper";
import type { Section, SectionResult } from "../context";

/** The section from the paper's rankings. */
export function paperResult(p: PaperRankings): SectionResult {
  const rows = p.rows;
  const figure = improvementView({
    models: rows.map((r) => r.model),
    baseline: "AlexNet",
    title: "Improvement over AlexNet (the study's figure)",
    series: [
      {
        dataset: "ImageNet",
        values: rows.map((r) => r.imagenetTop1),
        kind: "accuracy",
        provenance: "published",
      },
      {
        dataset: "ImageNot",
        values: rows.map((r) => r.imagenotRelImprovementDigitised),
        kind: "ratio",
        provenance: "digitised",
      },
    ],
  });
  const html = [
    `<p>Nine architectures, in the order they appeared, trained from scratch on ImageNet and on ImageNot.
    Each point is a model's accuracy divided by AlexNet's on the same dataset. ImageNet values are
    torchvision's published reference accuracies; ImageNot values are <em>digitised</em> from the authors'
    figure (±0.005): the paper does not publish absolute ImageNot accuracies.</p>`,
    `<p>Kendall τ-b between the two rankings: <strong>${p.kendallTauB.toFixed(3)}</strong>
    (1 = identical order). The ranks recomputed here agree with those read off the figure:
    ${p.ranksAgreeWithFigure ? "yes" : "no"}.</p>`,
    htmlTable(
      [
        "architecture",
        "ImageNet top-1 % (published)",
        "ImageNet / AlexNet",
        "ImageNot / AlexNet (digitised)",
        "rank ImageNet",
        "rank ImageNot",
      ],
      rows.map((r, i) => [
        r.model,
        r.imagenetTop1,
        r.imagenetRelImprovement,
        r.imagenotRelImprovementDigitised,
        p.imagenetRank[i],
        p.imagenotRank[i],
      ]),
    ),
    sourceParagraph(p.source),
  ].join("\n");
  return {
    title: "The claim: rankings hold from ImageNet to ImageNot",
    html,
    figures: [figure],
    facts: {
      kendallTauB: p.kendallTauB,
      imagenetRank: p.imagenetRank,
      imagenotRank: p.imagenotRank,
    },
  };
}

export const paperSection: Section = {
  title: "the paper's figure and ranking from data/reference",
  async run() {
    return paperResult(paperRankings());
  },
};
