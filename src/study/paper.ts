/** The study's claim from its published numbers (data/reference): the two rankings and their tau-b. */
import { kendallTauB } from "../analysis/kendall";
import { ranks } from "../analysis/ranks";
import { loadFigure1, type Figure1Row } from "../results/reference";

export interface PaperRankings {
  rows: Figure1Row[];
  /** Ranks (1 = best) by published ImageNet top-1 and by digitised ImageNot improvement over AlexNet. */
  imagenetRank: number[];
  imagenotRank: number[];
  kendallTauB: number;
  /** Whether the recomputed ranks equal those read off the authors' figure. */
  ranksAgreeWithFigure: boolean;
  /** The reference table's source notes. */
  source: string;
}

/** The paper's two rankings of the nine architectures and their Kendall tau-b. */
export function paperRankings(): PaperRankings {
  const fig = loadFigure1();
  const imagenetRank = ranks(
    fig.rows.map((r) => r.imagenetTop1),
    { descending: true },
  );
  const imagenotRank = ranks(
    fig.rows.map((r) => r.imagenotRelImprovementDigitised),
    { descending: true },
  );
  return {
    rows: fig.rows,
    imagenetRank,
    imagenotRank,
    kendallTauB: kendallTauB(imagenetRank, imagenotRank),
    ranksAgreeWithFigure: fig.rows.every(
      (r, i) => r.rankImagenet === imagenetRank[i] && r.rankImagenot === imagenotRank[i],
    ),
    source: fig.source,
  };
}
