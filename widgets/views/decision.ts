/** The decision figure: accuracy on your data (with its interval) against cost on this machine, the
 * Pareto front, each model's benchmark rank, the recommendation, and a plain note when the differences
 * lie within the intervals. */
import type { Decision } from "../../src/choose/decision";
import { ARCHITECTURES } from "../../src/models/facts";
import { axis, baseLayout, BASE_CONFIG, colorAt, type Figure, type Trace } from "../figure";
import { hoverEscape } from "./format";

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

/** Cost of a row on the decision's cost axis, with the axis title. */
function costOf(d: Decision): { value: (arch: string) => number; title: string; unit: string } {
  const byArch = new Map(d.candidates.map((c) => [c.arch, c]));
  return d.settings.cost === "latency"
    ? {
        value: (a) => byArch.get(a)!.latencyMs,
        title: "inference latency per image on this machine (ms, batch 1)",
        unit: "ms",
      }
    : {
        value: (a) => byArch.get(a)!.macs / 1e6,
        title: "multiply-accumulates per image (millions)",
        unit: "M MACs",
      };
}

/** The decision as a figure; the title says what is recommended (or that nothing meets the budget). */
export function decisionView(d: Decision, opts: { title?: string } = {}): Figure {
  const cost = costOf(d);
  const level = `${Math.round(100 * d.settings.level)}%`;
  const rows = d.candidates;
  const points: Trace = {
    type: "scatter",
    mode: "markers+text",
    name: `fine-tuned on your data (${level} interval)`,
    x: rows.map((r) => cost.value(r.arch)),
    y: rows.map((r) => r.accuracy),
    text: rows.map((r) => `${hoverEscape(r.displayName)} · #${r.benchmarkRank}`),
    // The cheapest and dearest labels lean inwards so they are not cut at the plot's edges.
    textposition: rows.map((r) => {
      const x = cost.value(r.arch);
      const xs = rows.map((q) => cost.value(q.arch));
      return x === Math.max(...xs)
        ? "top left"
        : x === Math.min(...xs)
          ? "top right"
          : "top center";
    }),
    customdata: rows.map((r) =>
      [
        `<b>${hoverEscape(r.displayName)}</b>`,
        `accuracy ${pct(r.accuracy)} (${r.correct}/${r.tested}), ${level} interval ${pct(r.accuracyInterval[0])}–${pct(r.accuracyInterval[1])}`,
        `${r.latencyMs.toFixed(2)} ms per image · ${(r.macs / 1e6).toFixed(1)} M MACs · ${(r.params / 1e3).toFixed(0)} k params`,
        `benchmark rank ${r.benchmarkRank} of ${ARCHITECTURES.length} (ImageNet top-1 ${r.imagenetTop1.toFixed(1)}%)`,
        r.onFront ? "on the Pareto front" : "dominated: another model is as accurate and cheaper",
      ].join("<br>"),
    ),
    hovertemplate: "%{customdata}<extra></extra>",
    error_y: {
      type: "data",
      symmetric: false,
      array: rows.map((r) => r.accuracyInterval[1] - r.accuracy),
      arrayminus: rows.map((r) => r.accuracy - r.accuracyInterval[0]),
      color: "#888",
      thickness: 1.5,
    },
    marker: {
      size: 11,
      color: rows.map((r) => (r.onFront ? colorAt(0) : "#bbb")),
      line: { color: "#fff", width: 1 },
    },
  };
  const front = d.front.map((a) => rows.find((r) => r.arch === a)!);
  const data: Trace[] = [
    {
      type: "scatter",
      mode: "lines",
      name: "Pareto front",
      x: front.map((r) => cost.value(r.arch)),
      y: front.map((r) => r.accuracy),
      line: { color: colorAt(0), width: 2, dash: "dot", shape: "hv" },
      hoverinfo: "skip",
    },
    points,
  ];
  if (d.baseline) {
    const b = d.baseline;
    data.push({
      type: "scatter",
      mode: "markers",
      name: `${b.displayName} from scratch (baseline)`,
      x: [cost.value(b.arch)],
      y: [b.accuracy],
      marker: { size: 11, symbol: "circle-open", color: colorAt(2), line: { width: 2 } },
      hovertemplate: `<b>${hoverEscape(b.displayName)} from scratch</b><br>accuracy ${pct(b.accuracy)}, ${level} interval ${pct(b.accuracyInterval[0])}–${pct(b.accuracyInterval[1])}<extra></extra>`,
    });
  }
  const chosen = rows.find((r) => r.arch === d.recommendation.arch);
  if (chosen)
    data.push({
      type: "scatter",
      mode: "markers",
      name: `recommended: ${chosen.displayName}`,
      x: [cost.value(chosen.arch)],
      y: [chosen.accuracy],
      marker: { size: 22, symbol: "star-open", color: colorAt(1), line: { width: 2.5 } },
      hoverinfo: "skip",
    });
  const within = d.withinIntervals.map((a) => rows.find((r) => r.arch === a)!.displayName);
  const note =
    within.length > 1
      ? `Differences within the ${level} intervals: ${within.join(", ")} cannot be told apart on ${rows[0].tested} test images.`
      : `${within[0]} is ahead beyond the ${level} intervals.`;
  const budget = d.settings.cost === "latency" ? d.settings.budgetMs : null;
  const costs = rows.map((r) => cost.value(r.arch));
  const spread = Math.max(...costs) / Math.max(1e-9, Math.min(...costs));
  const title =
    opts.title ??
    (chosen
      ? `Recommended: ${chosen.displayName} (accuracy weight ${d.settings.weight}${budget ? `, budget ${budget} ms` : ""})`
      : `No candidate meets the budget of ${budget} ms per image`);
  return {
    data,
    layout: baseLayout(title, {
      xaxis: axis(cost.title, spread > 20 ? { type: "log" } : {}),
      yaxis: axis("accuracy on your test images", { tickformat: ".0%" }),
      hovermode: "closest",
      legend: { orientation: "h", y: -0.22 },
      margin: { l: 64, r: 24, t: 84, b: 150 },
      height: 560,
      shapes:
        budget === null
          ? []
          : [
              {
                type: "line",
                xref: "x",
                x0: budget,
                x1: budget,
                yref: "paper",
                y0: 0,
                y1: 1,
                line: { color: colorAt(2), width: 1.5, dash: "dash" },
              },
            ],
      annotations: [
        {
          xref: "paper",
          yref: "paper",
          x: 0,
          y: -0.42,
          xanchor: "left",
          showarrow: false,
          align: "left",
          text: `${hoverEscape(note)}<br>Labels: model · benchmark rank (ImageNet top-1 among the paper's nine).`,
          font: { size: 12, color: "#555" },
        },
      ],
    }),
    config: { ...BASE_CONFIG },
  };
}
