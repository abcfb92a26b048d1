/** Display bundles for figures: the Plotly MIME (JupyterLab, VS Code), HTML (classic Notebook, exports) and
 * plain text. */
import type { MimeBundle } from "../kernel/api";
import type { Figure } from "./figure";
import { figureHtml, figureTitle, plotlyScript } from "./html";

export const PLOTLY_MIME = "application/vnd.plotly.v1+json";

/** One line for text-only front ends: the title, the trace types and how many points. */
export function figureSummary(fig: Figure): string {
  const types = new Map<string, number>();
  let points = 0;
  for (const t of fig.data) {
    const type = t.type ?? "scatter";
    types.set(type, (types.get(type) ?? 0) + 1);
    const values = t.x ?? t.values ?? t.z ?? t.y ?? t.cells;
    if (Array.isArray(values)) points += values.length;
  }
  const kinds = [...types].map(([k, n]) => `${n} ${k}`).join(", ");
  return `<Figure "${figureTitle(fig)}": ${fig.data.length} traces (${kinds || "none"}), ${points} points>`;
}

export interface BundleOptions {
  /** Put plotly.js inline in the HTML part (needed once per page). */
  includePlotly?: boolean;
  /** The HTML div's id (default derived from the figure). */
  id?: string;
}

/** The display bundle of a figure: the spec as an object, a self-drawing div, and a one-line summary. */
export function figureBundle(fig: Figure, opts: BundleOptions = {}): MimeBundle {
  const html = figureHtml(fig, { id: opts.id });
  return {
    [PLOTLY_MIME]: {
      data: fig.data,
      layout: fig.layout,
      config: fig.config ?? {},
      ...(fig.frames ? { frames: fig.frames } : {}),
    },
    "text/html": opts.includePlotly ? `${plotlyScript()}\n${html}` : html,
    "text/plain": figureSummary(fig),
  };
}

/** kernel/api.ts, loaded on first use: reports and tests load widgets without touching the kernel's module. */
export function kernelApi(): typeof import("../kernel/api") {
  return require("../kernel/api");
}

// plotly.js goes into the first figure shown in this kernel session only; later outputs find window.Plotly.
let plotlyShown = false;

/** True the first time it is called in this process (or when `force`): the caller must then inline plotly.js. */
export function claimPlotlyInclusion(force?: boolean): boolean {
  const include = force ?? !plotlyShown;
  if (include) plotlyShown = true;
  return include;
}

export interface ShowOptions {
  /** Gives the output a display id so it can be replaced later with `update` (live views). */
  displayId?: string;
  /** Force plotly.js inline again, e.g. after the output that carried it was cleared (default: only the first time). */
  includePlotly?: boolean;
}

/** Shows a figure in the notebook (inlining plotly.js with the first one); outside a kernel prints its summary. */
export function show(fig: Figure, opts: ShowOptions = {}): void {
  const { display } = kernelApi();
  const includePlotly = claimPlotlyInclusion(opts.includePlotly);
  if (includePlotly && opts.displayId) {
    // A live output is replaced on update, which would drop plotly.js from the saved notebook: give it its own output.
    display.bundle({ "text/html": plotlyScript(), "text/plain": "" });
    display.bundle(figureBundle(fig), { displayId: opts.displayId });
  } else {
    display.bundle(
      figureBundle(fig, { includePlotly }),
      opts.displayId ? { displayId: opts.displayId } : undefined,
    );
  }
}

/** Replaces the output shown earlier with `displayId` by `fig` (plotly.js is already in the page by then). */
export function update(displayId: string, fig: Figure): void {
  kernelApi().display.update(displayId, figureBundle(fig));
}
