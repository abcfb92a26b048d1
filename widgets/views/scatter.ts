/** Accuracy on dataset A against dataset B: points, the fitted line with its 95% band, the diagonal,
 * raw/probit switch. */
import { linearFit, normQuantile, tQuantile, type LinearFit } from "../../src/analysis";
import {
  axis,
  baseLayout,
  BASE_CONFIG,
  MENU_POSITION,
  colorAt,
  type Figure,
  type PlotlyObject,
  type Trace,
} from "../figure";
import { accuracyUnit, descendingRanks, formatAccuracy, hoverEscape } from "./format";

/** A straight-line fit as src/analysis linearFit returns it (only these fields are read). */
export interface FitLine {
  slope: number;
  intercept: number;
  r2: number;
  /** Standard errors; with them the view draws the 95% confidence band of the line. */
  slopeSE?: number;
  interceptSE?: number;
}

export interface ScatterPoint {
  model: string;
  x: number | null;
  y: number | null;
}

export interface ScatterPair {
  /** Dataset names: x axis and y axis. */
  xName: string;
  yName: string;
  points: ScatterPoint[];
  /** raw: fitted on the points as given (percent or fraction); probit: fitted on probit(accuracy as a fraction). */
  fits: { raw: FitLine; probit?: FitLine };
}

/**
 * A pair with its raw and probit fits computed by src/analysis linearFit, from accuracies aligned with `models`
 * (percent or fraction, the same unit on both axes).
 */
export function fittedPair(
  xName: string,
  yName: string,
  models: string[],
  x: number[],
  y: number[],
): ScatterPair & { fits: { raw: LinearFit; probit: LinearFit } } {
  if (x.length !== models.length || y.length !== models.length) {
    throw new Error(
      `fittedPair: x has ${x.length} and y ${y.length} accuracies, expected one per model (${models.length})`,
    );
  }
  const unit = accuracyUnit([...x, ...y], `fittedPair ${xName} vs ${yName}`);
  return {
    xName,
    yName,
    points: models.map((model, i) => ({ model, x: x[i], y: y[i] })),
    fits: {
      raw: linearFit(x, y, { scale: "raw" }),
      probit: linearFit(x, y, { scale: "probit", xUnit: unit, yUnit: unit }),
    },
  };
}

export interface ScatterInput {
  /** One or more dataset pairs; with several, a dropdown switches between them. */
  pairs: ScatterPair[];
  /** The scale shown first (default raw). */
  scale?: "raw" | "probit";
  title?: string;
}

/** The traces each (pair, scale) view contributes, in this order. */
const TRACES_PER_VIEW = 4;
const PROBIT_TICKS = [0.01, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99];

interface ScaleView {
  traces: Trace[];
  axes: { x: PlotlyObject; y: PlotlyObject };
}

/** Points with both values, as fractions when `probit` (points at 0 or 1 have no probit and are left out). */
function complete(
  pair: ScatterPair,
  scale: "raw" | "probit",
  unit: "percent" | "fraction",
): { p: ScatterPoint & { x: number; y: number }; index: number }[] {
  const k = unit === "percent" ? 100 : 1;
  return pair.points.flatMap((p, index) => {
    if (p.x === null || p.y === null) return [];
    if (scale === "raw") return [{ p: { model: p.model, x: p.x, y: p.y }, index }];
    const fx = p.x / k,
      fy = p.y / k;
    if (!(fx > 0 && fx < 1 && fy > 0 && fy < 1)) return [];
    return [{ p: { model: p.model, x: normQuantile(fx), y: normQuantile(fy) }, index }];
  });
}

/** The fitted line over [lo, hi] and, with standard errors, its pointwise 95% confidence band. */
function fitTraces(
  fit: FitLine,
  xs: number[],
  lo: number,
  hi: number,
  color: string,
  legendgroup: string,
): Trace[] {
  const n = xs.length;
  const grid = Array.from({ length: 41 }, (_, i) => lo + ((hi - lo) * i) / 40);
  const line: Trace = {
    type: "scatter",
    mode: "lines",
    name: `fit: slope ${fit.slope.toFixed(3)}, R² ${fit.r2.toFixed(3)}`,
    legendgroup,
    x: grid,
    y: grid.map((x) => fit.intercept + fit.slope * x),
    line: { color, width: 2 },
    hoverinfo: "skip",
  };
  let band: Trace = {
    type: "scatter",
    mode: "lines",
    name: "95% band",
    x: [],
    y: [],
    hoverinfo: "skip",
    showlegend: false,
  };
  if (fit.slopeSE !== undefined && fit.interceptSE !== undefined && n > 2) {
    // For least squares Cov(a, b) = -mean(x) Var(b), so Var(a + b x0) follows from the two standard errors and mean(x).
    const mean = xs.reduce((s, x) => s + x, 0) / n;
    const t = tQuantile(0.975, n - 2);
    const se = (x: number) =>
      Math.sqrt(Math.max(0, fit.interceptSE! ** 2 + fit.slopeSE! ** 2 * (x * x - 2 * x * mean)));
    const upper = grid.map((x) => fit.intercept + fit.slope * x + t * se(x));
    const lower = grid.map((x) => fit.intercept + fit.slope * x - t * se(x));
    band = {
      type: "scatter",
      mode: "lines",
      name: "95% band",
      legendgroup,
      x: [...grid, ...grid.slice().reverse()],
      y: [...upper, ...lower.reverse()],
      fill: "toself",
      fillcolor: "rgba(78,121,167,0.15)",
      line: { width: 0 },
      hoverinfo: "skip",
    };
  }
  return [band, line];
}

function scaleView(pair: ScatterPair, scale: "raw" | "probit"): ScaleView {
  const unit = accuracyUnit(pair.points.flatMap((p) => [p.x, p.y]));
  const pts = complete(pair, scale, unit);
  if (pts.length === 0)
    throw new Error(
      `accuracyScatterView: no model of "${pair.xName} vs ${pair.yName}" has both accuracies${scale === "probit" ? " strictly between 0 and 1" : ""}`,
    );
  const fit = scale === "raw" ? pair.fits.raw : pair.fits.probit;
  if (!fit)
    throw new Error(`accuracyScatterView: pair "${pair.xName} vs ${pair.yName}" has no probit fit`);
  const xRanks = descendingRanks(
    pair.points.map((p) => (p.x === null || p.y === null ? null : p.x)),
  );
  const yRanks = descendingRanks(
    pair.points.map((p) => (p.x === null || p.y === null ? null : p.y)),
  );
  const text = pts.map(({ index }) => {
    const p = pair.points[index];
    return [
      `<b>${hoverEscape(p.model)}</b>`,
      `${hoverEscape(pair.xName)}: ${formatAccuracy(p.x!, unit)} (rank ${xRanks[index]})`,
      `${hoverEscape(pair.yName)}: ${formatAccuracy(p.y!, unit)} (rank ${yRanks[index]})`,
    ].join("<br>");
  });
  const xs = pts.map((q) => q.p.x),
    ys = pts.map((q) => q.p.y);
  const all = [...xs, ...ys];
  const pad = (Math.max(...all) - Math.min(...all)) * 0.06 || 1;
  const lo = Math.min(...all) - pad,
    hi = Math.max(...all) + pad;
  const group = `${pair.xName}|${pair.yName}|${scale}`;
  const points: Trace = {
    type: "scatter",
    mode: "markers",
    name: "models",
    legendgroup: group,
    x: xs,
    y: ys,
    text,
    customdata: pts.map((q) => q.p.model),
    hovertemplate: "%{text}<extra></extra>",
    marker: { size: 11, color: colorAt(0), line: { color: "#fff", width: 1 } },
  };
  const diagonal: Trace = {
    type: "scatter",
    mode: "lines",
    name: "y = x",
    legendgroup: group,
    x: [lo, hi],
    y: [lo, hi],
    line: { color: "#999", dash: "dash", width: 1 },
    hoverinfo: "skip",
  };
  const fitLo = Math.min(...xs),
    fitHi = Math.max(...xs);
  const traces = [points, ...fitTraces(fit, xs, fitLo, fitHi, colorAt(1), group), diagonal];
  const probitAxis = (name: string): PlotlyObject =>
    axis(`${name} accuracy (probit scale)`, {
      range: [lo, hi],
      tickmode: "array",
      tickvals: PROBIT_TICKS.map(normQuantile),
      ticktext: PROBIT_TICKS.map((v) => `${Math.round(v * 100)}%`),
    });
  const rawAxis = (name: string): PlotlyObject =>
    axis(`${name} accuracy${unit === "percent" ? " (%)" : ""}`, {
      range: [lo, hi],
      tickmode: "auto",
    });
  return {
    traces,
    axes:
      scale === "raw"
        ? { x: rawAxis(pair.xName), y: rawAxis(pair.yName) }
        : { x: probitAxis(pair.xName), y: probitAxis(pair.yName) },
  };
}

/** Plotly.update layout arguments that put `axes` in place (dotted keys replace each attribute wholesale). */
function axisUpdate(axes: ScaleView["axes"], title: string): PlotlyObject {
  const out: PlotlyObject = { "title.text": title };
  for (const [name, a] of [
    ["xaxis", axes.x],
    ["yaxis", axes.y],
  ] as const) {
    for (const key of ["title", "range", "tickmode", "tickvals", "ticktext"])
      out[`${name}.${key}`] = a[key] ?? null;
  }
  return out;
}

/**
 * Accuracy on one dataset against another: hover shows the model, both accuracies and both ranks; the fitted line
 * with its 95% band and the diagonal. A menu switches scales (raw/probit) and, with several pairs, the dataset pair.
 */
export function accuracyScatterView(input: ScatterInput): Figure {
  if (input.pairs.length === 0)
    throw new Error("accuracyScatterView: pairs is empty, expected at least one dataset pair");
  const scales: ("raw" | "probit")[] = input.pairs.every((p) => p.fits.probit)
    ? ["raw", "probit"]
    : ["raw"];
  const first = input.scale ?? "raw";
  if (!scales.includes(first))
    throw new Error(`accuracyScatterView: scale "${first}" needs a probit fit for every pair`);
  const views = input.pairs.flatMap((pair) =>
    scales.map((scale) => ({ pair, scale, view: scaleView(pair, scale) })),
  );
  const shown = views.findIndex((v) => v.scale === first);
  const data = views.flatMap((v, i) => v.view.traces.map((t) => ({ ...t, visible: i === shown })));
  const titleOf = (p: ScatterPair) => input.title ?? `Accuracy: ${p.xName} vs ${p.yName}`;
  const buttons = views.map((v, i) => ({
    label: input.pairs.length > 1 ? `${v.pair.xName} vs ${v.pair.yName} · ${v.scale}` : v.scale,
    method: "update",
    args: [
      { visible: data.map((_, j) => Math.floor(j / TRACES_PER_VIEW) === i) },
      axisUpdate(v.view.axes, titleOf(v.pair)),
    ],
  }));
  const menu: PlotlyObject =
    input.pairs.length > 1
      ? { type: "dropdown", ...MENU_POSITION, active: shown, buttons }
      : {
          type: "buttons",
          direction: "right",
          ...MENU_POSITION,
          active: shown,
          buttons,
          showactive: true,
        };
  return {
    data,
    layout: baseLayout(titleOf(views[shown].pair), {
      xaxis: views[shown].view.axes.x,
      yaxis: views[shown].view.axes.y,
      hovermode: "closest",
      updatemenus: scales.length > 1 || input.pairs.length > 1 ? [menu] : [],
      height: 560,
    }),
    config: { ...BASE_CONFIG },
  };
}
