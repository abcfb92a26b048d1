/** Confusion matrix heatmap, with a slider over epochs when given one matrix per epoch. */
import { axis, baseLayout, BASE_CONFIG, type Figure, type PlotlyObject } from "../figure";
import { hoverEscape } from "./format";

export interface ConfusionInput {
  /** Class names, in the matrix's row/column order. */
  labels: string[];
  /** One matrix per step (rows = true class, columns = predicted class); `name` labels the slider step. */
  matrices: { name: string; counts: number[][] }[];
  /** Colour by each row's share (recall per class) instead of raw counts (default true). */
  normalize?: boolean;
  title?: string;
}

/** A heatmap of true vs predicted class; hover gives both classes, the count and the row share; slider over steps. */
export function confusionMatrixView(input: ConfusionInput): Figure {
  const { labels, matrices } = input;
  const k = labels.length;
  if (matrices.length === 0)
    throw new Error("confusionMatrixView: matrices is empty, expected at least one");
  for (const m of matrices) {
    if (m.counts.length !== k || m.counts.some((r) => r.length !== k)) {
      throw new Error(
        `confusionMatrixView: matrix "${m.name}" is not ${k}x${k} (one row and column per label)`,
      );
    }
  }
  const normalize = input.normalize ?? true;
  const cells = (counts: number[][]) => {
    const shares = counts.map((row) => {
      const total = row.reduce((s, v) => s + v, 0);
      return row.map((v) => (total > 0 ? v / total : 0));
    });
    const text = counts.map((row, i) =>
      row.map(
        (v, j) =>
          `true: ${hoverEscape(labels[i])}<br>predicted: ${hoverEscape(labels[j])}<br>count: ${v}<br>share of row: ${(shares[i][j] * 100).toFixed(1)}%`,
      ),
    );
    return { z: normalize ? shares : counts, text };
  };
  const last = matrices.length - 1;
  const shownCells = cells(matrices[last].counts);
  const heat = {
    type: "heatmap",
    name: "confusion",
    x: labels,
    y: labels,
    z: shownCells.z,
    text: shownCells.text,
    hovertemplate: "%{text}<extra></extra>",
    // Light for rare, dark for frequent (Plotly's named "Blues" runs the other way).
    colorscale: [
      [0, "#f7fbff"],
      [0.5, "#6baed6"],
      [1, "#08306b"],
    ],
    zmin: 0,
    ...(normalize ? { zmax: 1 } : {}),
    colorbar: { title: { text: normalize ? "row share" : "count" } },
  };
  const sliders: PlotlyObject[] =
    matrices.length > 1
      ? [
          {
            active: last,
            currentvalue: { prefix: "", visible: true },
            pad: { t: 50 },
            steps: matrices.map((m) => {
              const c = cells(m.counts);
              return { label: m.name, method: "restyle", args: [{ z: [c.z], text: [c.text] }] };
            }),
          },
        ]
      : [];
  return {
    data: [heat],
    layout: baseLayout(input.title ?? "Confusion matrix", {
      xaxis: axis("predicted class", { type: "category", side: "bottom" }),
      yaxis: axis("true class", { type: "category", autorange: "reversed" }),
      sliders,
      height: Math.max(420, 120 + 28 * k) + (sliders.length ? 80 : 0),
    }),
    config: { ...BASE_CONFIG },
  };
}
