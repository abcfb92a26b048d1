/** Each candidate's standing on the benchmarks, from the shipped reference table (data/reference), with
 * where each number comes from. */
import { loadFigure1 } from "../results/reference";
import type { Provenance } from "../results/reference";
import { ranks } from "../analysis/ranks";
import { architectureFacts } from "../models/facts";

export interface BenchmarkStanding {
  arch: string;
  displayName: string;
  /** ImageNet top-1 (percent), torchvision IMAGENET1K_V1: published. */
  imagenetTop1: number;
  /** ImageNot accuracy over AlexNet's, read off the authors' figure: digitised (about ±0.005). */
  imagenotImprovement: number;
  /** Rank by ImageNet top-1 among the paper's nine architectures (1 = best). */
  benchmarkRank: number;
  /** Rank on the paper's ImageNot panel among the nine (1 = best). */
  imagenotRank: number;
  provenance: { imagenetTop1: Provenance; imagenotImprovement: Provenance };
}

/** The standing of each arch in `archs` (in that order) and the table's source line. */
export function benchmarkStanding(archs: readonly string[]): {
  rows: BenchmarkStanding[];
  source: string;
} {
  const table = loadFigure1();
  const top1Ranks = ranks(
    table.rows.map((r) => r.imagenetTop1),
    { descending: true },
  );
  const rows = archs.map((arch) => {
    const facts = architectureFacts(arch);
    const i = table.rows.findIndex((r) => r.torchvisionBuilder === arch);
    if (i < 0) throw new Error(`benchmarkStanding: ${arch} is not in imagenot_figure1.csv`);
    const r = table.rows[i];
    return {
      arch,
      displayName: facts.displayName,
      imagenetTop1: r.imagenetTop1,
      imagenotImprovement: r.imagenotRelImprovementDigitised,
      benchmarkRank: top1Ranks[i],
      imagenotRank: r.rankImagenot,
      provenance: { imagenetTop1: "published" as const, imagenotImprovement: "digitised" as const },
    };
  });
  return { rows, source: table.source };
}
