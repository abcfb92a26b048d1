/** Renders figures to HTML: a div plus a script that draws it once Plotly exists; reports as one offline page. */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { writeFileAtomic } from "../src/util/atomic";
import type { Figure } from "./figure";

let plotlyCache: string | undefined;

/** The plotly.js browser bundle as text (read once from plotly.js-dist; the bundle cannot be required in Node). */
export function plotlySource(): string {
  if (plotlyCache === undefined) {
    const dir = dirname(require.resolve("plotly.js-dist/package.json"));
    // An inline script ends at the first "</script", so any inside the bundle must be broken up.
    plotlyCache = readFileSync(join(dir, "plotly.js"), "utf8").replace(/<\/script/gi, "<\\/script");
  }
  return plotlyCache;
}

/** A <script> tag carrying plotly.js inline, for pages and notebook outputs that must work offline. */
export function plotlyScript(): string {
  return `<script type="text/javascript">${plotlySource()}</script>`;
}

/** JSON safe to embed in an inline script: `<`, U+2028 and U+2029 are escaped so no string can close the tag. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

let idCounter = 0;

/** A reproducible element id: a hash of `content` plus a per-process counter so equal contents still differ. */
export function elementId(prefix: string, content: unknown): string {
  const hash = createHash("sha1").update(JSON.stringify(content)).digest("hex").slice(0, 10);
  return `${prefix}-${hash}-${++idCounter}`;
}

/** The element id of a figure's div. */
export function figureId(fig: Figure): string {
  return elementId("imagenot-fig", fig);
}

export interface FigureHtmlOptions {
  /** The div's id (default: figureId(fig)); the two-way views use it to find their figure. */
  id?: string;
  /** CSS height of the div when the layout gives none (default 460px). */
  height?: string;
}

/** The kernelspec the imagenot-ts kernel is installed as (kernel/kernelspec.ts KERNEL_NAME): its folder serves
 * plotly.js to pages of a Jupyter server. */
export const KERNELSPEC_NAME = "imagenot-ts";

// The page-side loader, shared by every figure of a page through window.imagenotPlotly: plotly.js from the page
// (report, exported notebook, kernel.js in classic Notebook) or else from the kernelspec's folder on the Jupyter
// server the page came from. Where neither exists it rejects with the reason, which the figure then shows.
const PLOTLY_LOADER = `function imagenotPlotly() {
    if (window.Plotly) { return Promise.resolve(window.Plotly); }
    if (window.imagenotPlotly) { return window.imagenotPlotly; }
    var base = null, cfg = document.getElementById("jupyter-config-data");
    if (cfg) { try { base = JSON.parse(cfg.textContent).baseUrl || "/"; } catch (e) { base = null; } }
    if (base === null && document.body) { base = document.body.getAttribute("data-base-url"); }
    if (base === null) {
      return Promise.reject(new Error("plotly.js is not in this page and there is no Jupyter server to load it from"
        + " (front ends that render application/vnd.plotly.v1+json, such as VS Code, draw it natively)"));
    }
    window.imagenotPlotly = new Promise(function (resolve, reject) {
      var s = document.createElement("script");
      s.src = base.replace(/\\/?$/, "/") + "kernelspecs/${KERNELSPEC_NAME}/plotly.js";
      s.onload = function () {
        if (window.Plotly) { resolve(window.Plotly); } else { reject(new Error(s.src + " did not define Plotly")); }
      };
      s.onerror = function () {
        window.imagenotPlotly = undefined;
        reject(new Error("could not load " + s.src + " (is the ${KERNELSPEC_NAME} kernelspec installed with"
          + " imagenot-lab kernel-install?)"));
      };
      document.head.appendChild(s);
    });
    return window.imagenotPlotly;
  }`;

/**
 * A div and a script that draws the figure with plotly.js: at once when the page has it, else once it is loaded
 * from the kernelspec (see PLOTLY_LOADER). A figure that cannot draw says why in the page instead of waiting.
 */
export function figureHtml(fig: Figure, opts: FigureHtmlOptions = {}): string {
  const id = opts.id ?? figureId(fig);
  const layoutHeight = typeof fig.layout.height === "number" ? `${fig.layout.height}px` : undefined;
  const height = layoutHeight ?? opts.height ?? "460px";
  const spec = scriptJson({
    data: fig.data,
    layout: fig.layout,
    config: fig.config ?? {},
    frames: fig.frames,
  });
  return [
    `<div id="${escapeHtml(id)}" class="imagenot-figure" style="width:100%;height:${escapeHtml(height)};"></div>`,
    `<script type="text/javascript">(function () {`,
    `  var spec = ${spec};`,
    `  var el = document.getElementById(${scriptJson(id)});`,
    `  ${PLOTLY_LOADER}`,
    `  function fail(e) {`,
    `    el.style.height = "auto";`,
    `    el.className += " imagenot-figure-error";`,
    `    el.textContent = "This figure cannot draw: " + (e && e.message ? e.message : e) + ".";`,
    `  }`,
    `  if (!el) { return; }`,
    `  imagenotPlotly().then(function (Plotly) {`,
    `    return Plotly.newPlot(el, spec.data, spec.layout, spec.config).then(function () {`,
    `      if (spec.frames) { return Plotly.addFrames(el, spec.frames); }`,
    `    });`,
    `  })["catch"](fail);`,
    `})();</script>`,
  ].join("\n");
}

export interface ReportSection {
  /** The section's heading; none for a page that holds a single figure. */
  title?: string;
  /** Trusted HTML (prose, tables) placed before the figures. */
  html?: string;
  figures?: Figure[];
}

export interface Report {
  title: string;
  subtitle?: string;
  sections: ReportSection[];
  /** Trusted HTML for the page's foot (sources, versions). */
  footer?: string;
}

const REPORT_CSS = `
  :root { color-scheme: light; }
  body { margin: 0; background: #fafafa; color: #222; font: 15px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
  main { max-width: 1040px; margin: 0 auto; padding: 32px 24px 48px; }
  header h1 { font-size: 1.9em; margin: 0 0 4px; }
  header p.subtitle { color: #555; margin: 0 0 24px; }
  section { background: #fff; border: 1px solid #e4e4e4; border-radius: 8px; padding: 20px 24px; margin: 0 0 24px; }
  section h2 { font-size: 1.3em; margin: 0 0 12px; }
  table { border-collapse: collapse; margin: 12px 0; font-variant-numeric: tabular-nums; }
  th, td { border-bottom: 1px solid #e4e4e4; padding: 4px 10px; text-align: left; }
  th { background: #f4f4f4; }
  td.num, th.num { text-align: right; }
  code, pre { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 0.92em; }
  pre { background: #f4f4f4; padding: 8px 12px; overflow-x: auto; }
  caption { caption-side: top; text-align: left; color: #555; padding-bottom: 4px; }
  p.source { color: #666; font-size: 0.85em; margin-top: 4px; }
  .imagenot-figure { margin: 12px 0; }
  footer { color: #666; font-size: 0.9em; border-top: 1px solid #e4e4e4; padding-top: 12px; }
`;

/** One self-contained offline page: plotly.js inlined once in the head, each section's prose then its figures. */
export function reportHtml(report: Report): string {
  const sections = report.sections.map((s) =>
    [
      `<section>`,
      s.title ? `<h2>${escapeHtml(s.title)}</h2>` : "",
      s.html ?? "",
      ...(s.figures ?? []).map((f) => figureHtml(f)),
      `</section>`,
    ].join("\n"),
  );
  return [
    `<!DOCTYPE html>`,
    `<html lang="en">`,
    `<head>`,
    `<meta charset="utf-8">`,
    `<meta name="viewport" content="width=device-width, initial-scale=1">`,
    `<title>${escapeHtml(report.title)}</title>`,
    `<style>${REPORT_CSS}</style>`,
    plotlyScript(),
    `</head>`,
    `<body><main>`,
    `<header><h1>${escapeHtml(report.title)}</h1>${report.subtitle ? `<p class="subtitle">${escapeHtml(report.subtitle)}</p>` : ""}</header>`,
    ...sections,
    report.footer ? `<footer>${report.footer}</footer>` : "",
    `</main></body>`,
    `</html>`,
    ``,
  ].join("\n");
}

/** Writes `report` as one self-contained HTML file, atomically. */
export function writeReport(path: string, report: Report): void {
  writeFileAtomic(path, reportHtml(report));
}

/** Writes one figure as a self-contained HTML page (a report with a single section). */
export function writeFigureHtml(path: string, fig: Figure, title = figureTitle(fig)): void {
  writeReport(path, { title, sections: [{ figures: [fig] }] });
}

/** The figure's title text, or "Figure" when it has none. */
export function figureTitle(fig: Figure): string {
  const t = fig.layout.title;
  if (typeof t === "string") return t;
  if (t && typeof t === "object" && typeof (t as { text?: unknown }).text === "string")
    return (t as { text: string }).text;
  return "Figure";
}
