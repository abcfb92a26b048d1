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

export interface ShowOptions {
  /** Gives the output a display id so it can be replaced later with `update` (live views). */
  displayId?: string;
  /** Put plotly.js inline in this output (11 MB), for a saved notebook that must draw with no Jupyter server. */
  includePlotly?: boolean;
}

/**
 * Shows a figure in the notebook; outside a kernel prints its summary. plotly.js is not inlined by default: the page
 * gets it from the kernelspec (kernel.js in classic Notebook, the figure's loader elsewhere), so a reloaded page or
 * a repeated Run All draws every figure.
 */
export function show(fig: Figure, opts: ShowOptions = {}): void {
  kernelApi().display.bundle(
    figureBundle(fig, { includePlotly: opts.includePlotly }),
    opts.displayId ? { displayId: opts.displayId } : undefined,
  );
}

/** Replaces the output shown earlier with `displayId` by `fig`. */
export function update(displayId: string, fig: Figure): void {
  kernelApi().display.update(displayId, figureBundle(fig));
}
