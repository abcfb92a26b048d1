/** The figure spec every view returns: Plotly's own JSON (data, layout, config, frames), nothing else. */

/** A JSON object as Plotly reads it; the keys follow Plotly's reference (https://plotly.com/javascript/reference/). */
export type PlotlyObject = { [key: string]: unknown };

/** One trace: `type` and `name` are typed because views and tests read them; the rest is Plotly's. */
export type Trace = PlotlyObject & { type?: string; name?: string };

/** A figure as Plotly.newPlot takes it; plain JSON so it can travel in a display bundle or a comm message. */
export interface Figure {
  data: Trace[];
  layout: PlotlyObject;
  config?: PlotlyObject;
  frames?: PlotlyObject[];
}

/** The shared look: one font, white background, room for a title; `extra` overrides per view. */
export function baseLayout(title: string, extra: PlotlyObject = {}): PlotlyObject {
  return {
    title: { text: title, x: 0.02, xanchor: "left", y: 0.98, yanchor: "top", yref: "container" },
    font: {
      family: "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
      size: 13,
      color: "#222",
    },
    paper_bgcolor: "#fff",
    plot_bgcolor: "#fff",
    // The top margin holds the title, the mode bar and, below it, any menu (MENU_POSITION).
    margin: { l: 64, r: 24, t: 84, b: 56 },
    hoverlabel: { align: "left" },
    ...extra,
  };
}

/** Where views put their updatemenus: top right, just above the plot, under the mode bar. */
export const MENU_POSITION: PlotlyObject = { x: 1, xanchor: "right", y: 1.02, yanchor: "bottom" };

/** Plotly config shared by every figure: no logo, resizes with its container, nothing fetched (no MathJax, no maps). */
export const BASE_CONFIG: PlotlyObject = {
  responsive: true,
  displaylogo: false,
  typesetMath: false,
};

/** A qualitative palette (Tableau 10) so a model or dataset keeps its colour across views. */
export const PALETTE = [
  "#4e79a7",
  "#f28e2b",
  "#e15759",
  "#76b7b2",
  "#59a14f",
  "#edc948",
  "#b07aa1",
  "#ff9da7",
  "#9c755f",
  "#bab0ac",
];

/** The palette colour for index `i`, cycling. */
export function colorAt(i: number): string {
  return PALETTE[((i % PALETTE.length) + PALETTE.length) % PALETTE.length];
}

/** Axis style shared by the views: light grid, no zero line unless asked. */
export function axis(title: string, extra: PlotlyObject = {}): PlotlyObject {
  return { title: { text: title }, gridcolor: "#eee", zeroline: false, automargin: true, ...extra };
}
