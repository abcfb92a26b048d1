/** Rank bump chart: each model a line across datasets, rank 1 on top. */
import { axis, baseLayout, BASE_CONFIG, colorAt, type Figure } from "../figure";
import { accuracyUnit, descendingRanks, formatAccuracy, hoverEscape } from "./format";

export interface BumpInput {
  /** The datasets, left to right. */
  datasets: string[];
  /** Each model's accuracy on each dataset (same order as `datasets`; null where not evaluated). */
  models: { model: string; accuracies: (number | null)[] }[];
  title?: string;
}

/** Ranks per dataset (1 = best) as one line per model; hover shows model, dataset, rank and accuracy. */
export function rankBumpView(input: BumpInput): Figure {
  const { datasets, models } = input;
  for (const m of models) {
    if (m.accuracies.length !== datasets.length) {
      throw new Error(
        `rankBumpView: model "${m.model}" has ${m.accuracies.length} accuracies, expected one per dataset (${datasets.length})`,
      );
    }
  }
  const ranks = datasets.map((_, d) => descendingRanks(models.map((m) => m.accuracies[d])));
  const unit = accuracyUnit(models.flatMap((m) => m.accuracies));
  const data = models.map((m, i) => ({
    type: "scatter",
    mode: "lines+markers",
    name: m.model,
    x: datasets,
    y: datasets.map((_, d) => ranks[d][i]),
    text: datasets.map((ds, d) => {
      const a = m.accuracies[d];
      return a === null
        ? `<b>${hoverEscape(m.model)}</b><br>${hoverEscape(ds)}: not evaluated`
        : `<b>${hoverEscape(m.model)}</b><br>${hoverEscape(ds)}: rank ${ranks[d][i]} of ${ranks[d].filter((r) => r !== null).length}<br>accuracy ${formatAccuracy(a, unit)}`;
    }),
    hovertemplate: "%{text}<extra></extra>",
    line: { color: colorAt(i), width: 3 },
    marker: { color: colorAt(i), size: 12 },
  }));
  return {
    data,
    layout: baseLayout(input.title ?? "Model ranks across datasets", {
      xaxis: axis("dataset", { type: "category", categoryorder: "array", categoryarray: datasets }),
      yaxis: axis("rank (1 = best)", { autorange: "reversed", dtick: 1 }),
      hovermode: "closest",
      legend: { orientation: "v", x: 1.02, y: 1 },
    }),
    config: { ...BASE_CONFIG },
  };
}
