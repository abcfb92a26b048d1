/** The study's figure: each architecture's accuracy divided by a baseline's, in time order, one line per dataset. */
import type { Provenance } from "../../src/results/reference";
import { axis, baseLayout, BASE_CONFIG, colorAt, type Figure, type Trace } from "../figure";
import { accuracyUnit, descendingRanks, formatAccuracy, hoverEscape } from "./format";

export interface ImprovementSeries {
  /** The dataset's name, shown in the legend (e.g. "ImageNet"). */
  dataset: string;
  /** One value per model, in the order of `models`; null where the model has no result. */
  values: (number | null)[];
  /** "accuracy" (percent or fraction; divided by the baseline's here) or "ratio" (already accuracy / baseline's). */
  kind: "accuracy" | "ratio";
  /** Where the numbers come from; shown in the legend and hover when not "published". */
  provenance?: Provenance;
}

export interface ImprovementInput {
  /** Architectures in time order (the x axis). */
  models: string[];
  /** The baseline model (default the first); must be one of `models`. */
  baseline?: string;
  series: ImprovementSeries[];
  title?: string;
}

/** Improvement over a baseline in time order for each dataset (y = accuracy / baseline's), with hover and legend. */
export function improvementView(input: ImprovementInput): Figure {
  const { models, series } = input;
  const baseline = input.baseline ?? models[0];
  const b = models.indexOf(baseline);
  if (b < 0)
    throw new Error(
      `improvementView: baseline "${baseline}" is not one of the models (${models.join(", ")})`,
    );
  const data: Trace[] = series.map((s, i) => {
    if (s.values.length !== models.length) {
      throw new Error(
        `improvementView: series "${s.dataset}" has ${s.values.length} values, expected one per model (${models.length})`,
      );
    }
    const base = s.values[b];
    if (s.kind === "accuracy" && (base === null || !(base > 0))) {
      throw new Error(
        `improvementView: series "${s.dataset}" has no positive accuracy for the baseline "${baseline}"`,
      );
    }
    const ratios = s.values.map((v) =>
      v === null ? null : s.kind === "ratio" ? v : v / (base as number),
    );
    const ranks = descendingRanks(ratios);
    const unit =
      s.kind === "accuracy"
        ? accuracyUnit(s.values, `improvementView series "${s.dataset}"`)
        : "fraction";
    const note = s.provenance && s.provenance !== "published" ? ` (${s.provenance})` : "";
    const text = models.map((m, j) => {
      const r = ratios[j];
      if (r === null) return `<b>${hoverEscape(m)}</b><br>${hoverEscape(s.dataset)}: no result`;
      const lines = [
        `<b>${hoverEscape(m)}</b>`,
        `${hoverEscape(s.dataset)}${note}: ${r.toFixed(3)}× ${hoverEscape(baseline)}`,
        ...(s.kind === "accuracy"
          ? [`accuracy ${formatAccuracy(s.values[j] as number, unit)}`]
          : []),
        `rank ${ranks[j]} of ${ranks.filter((x) => x !== null).length}`,
      ];
      return lines.join("<br>");
    });
    return {
      type: "scatter",
      mode: "lines+markers",
      name: `${s.dataset}${note}`,
      x: models,
      y: ratios,
      text,
      hovertemplate: "%{text}<extra></extra>",
      line: { color: colorAt(i), width: 2.5, dash: s.provenance === "digitised" ? "dot" : "solid" },
      marker: { color: colorAt(i), size: 9 },
      connectgaps: false,
    };
  });
  return {
    data,
    layout: baseLayout(input.title ?? `Improvement over ${baseline}`, {
      xaxis: axis("architecture (in time order)", {
        type: "category",
        categoryorder: "array",
        categoryarray: models,
      }),
      yaxis: axis(`accuracy / ${baseline}'s accuracy`),
      hovermode: "closest",
      shapes: [
        {
          type: "line",
          xref: "paper",
          x0: 0,
          x1: 1,
          yref: "y",
          y0: 1,
          y1: 1,
          line: { color: "#999", width: 1, dash: "dash" },
        },
      ],
    }),
    config: { ...BASE_CONFIG },
  };
}
