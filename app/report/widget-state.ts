/**
 * Widgets in an exported notebook page: the state run-notebook saved (metadata.widgets) goes into the page, and the
 * standard @jupyter-widgets/html-manager, bundled into the page once with esbuild from node_modules (nothing from
 * a CDN), renders each widget view from it. Exported controls show their saved values and cannot recompute.
 */
import { dirname } from "node:path";
import { PLOTLY_MIME } from "../../widgets/bundle";
import { plotlyScript, scriptJson } from "../../widgets/html";
import { STATE_MIME, VIEW_MIME } from "../../widgets/jupyter/model";
import type { Notebook } from "../../kernel/runner/notebook";

let embedCache: { js: string; css: string } | undefined;

/** html-manager's embedder (it renders every widget-view script of the page on load), as one script and style. */
export function widgetEmbedBundle(): { js: string; css: string } {
  if (embedCache) return embedCache;
  const { buildSync } = require("esbuild") as typeof import("esbuild");
  const entry = require.resolve("@jupyter-widgets/html-manager/lib/embed.js");
  const fonts = Object.fromEntries(
    [".woff", ".woff2", ".ttf", ".eot", ".svg", ".png"].map((e) => [e, "dataurl" as const]),
  );
  const out = buildSync({
    entryPoints: [entry],
    absWorkingDir: dirname(entry),
    bundle: true,
    write: false,
    outdir: "embed",
    format: "iife",
    platform: "browser",
    minify: true,
    logLevel: "error",
    loader: fonts,
    define: { "process.env.NODE_ENV": '"production"', global: "globalThis" },
    // html-manager's libembed assigns webpack's public path, which no esbuild bundle defines.
    banner: { js: 'var __webpack_public_path__ = "";' },
  });
  const file = (ext: string) => out.outputFiles.find((f) => f.path.endsWith(ext))?.text ?? "";
  embedCache = { js: file(".js").replace(/<\/script/gi, "<\\/script"), css: file(".css") };
  return embedCache;
}

function savedState(nb: Notebook): unknown {
  const widgets = (nb.metadata as { widgets?: Record<string, unknown> } | undefined)?.widgets;
  return widgets?.[STATE_MIME];
}

/** The page head's part for widgets: saved state, the embedder (and plotly.js if only widgets hold figures). */
export function widgetStateHead(nb: Notebook, pageHasPlotly: boolean): string {
  const state = savedState(nb);
  if (state === undefined) return "";
  const { js, css } = widgetEmbedBundle();
  const needsPlotly = !pageHasPlotly && JSON.stringify(state).includes(PLOTLY_MIME);
  return [
    `<style>${css}</style>`,
    `<style>.widget-note { color: #666; font-size: 0.85em; margin: 2px 0 8px; }</style>`,
    needsPlotly ? plotlyScript() : "",
    `<script type="${STATE_MIME}">${scriptJson(state)}</script>`,
    `<script>${js}</script>`,
  ].join("\n");
}

/** Where a widget view goes: html-manager renders it from the saved state; the note says what it can't do. */
export function widgetViewHtml(view: unknown): string {
  return [
    `<script type="${VIEW_MIME}">${scriptJson(view)}</script>`,
    `<div class="widget-note">Saved widget state: these controls show the values they had when the notebook ran;` +
      ` they cannot recompute without a kernel.</div>`,
  ].join("\n");
}
