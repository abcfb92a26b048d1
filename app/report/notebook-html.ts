/**
 * One self-contained HTML page of an executed notebook: markdown cells rendered (math by KaTeX, with a table of
 * contents from their headings), code, outputs (HTML, images, text, errors) and Plotly figures drawn by
 * widgets/html.ts with plotly.js inlined once. Nothing is fetched from a network when the page is opened.
 */
import { escapeHtml, figureHtml, plotlyScript } from "../../widgets/html";
import {
  hasMath,
  katexCss,
  markdownRenderer,
  tableOfContents,
  type MarkdownRenderer,
} from "./markdown";
import { PLOTLY_MIME } from "../../widgets/bundle";
import type { Figure } from "../../widgets/figure";
import { joinSource, type Notebook, type NotebookOutput } from "../../kernel/runner/notebook";
import { widgetStateHead, widgetViewHtml } from "./widget-state";

const CSS = `
  body { margin: 0; background: #fafafa; color: #222; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
  main { max-width: 1040px; margin: 0 auto; padding: 24px; }
  .cell { margin: 0 0 16px; }
  .prompt { color: #307fc1; font: 12px ui-monospace, Menlo, Consolas, monospace; }
  pre { margin: 4px 0; padding: 8px 12px; overflow-x: auto; font: 13px/1.45 ui-monospace, Menlo, Consolas, monospace; white-space: pre-wrap; }
  pre.code { background: #f4f4f4; border: 1px solid #e4e4e4; border-radius: 4px; }
  .markdown table { border-collapse: collapse; }
  .markdown th, .markdown td { border: 1px solid #ddd; padding: 4px 8px; }
  .markdown code { font: 13px ui-monospace, Menlo, Consolas, monospace; background: #f4f4f4; padding: 0 3px; }
  .markdown pre code { background: none; padding: 0; }
  .markdown pre { background: #f4f4f4; }
  .katex-display { overflow-x: auto; overflow-y: hidden; }
  nav.toc { border: 1px solid #e4e4e4; border-radius: 4px; padding: 8px 16px; margin: 0 0 24px; background: #fff; }
  nav.toc ul { list-style: none; margin: 0; padding: 0; }
  nav.toc .toc-title { font-weight: 600; }
  ${[1, 2, 3, 4, 5].map((i) => `nav.toc .toc-level-${i} { padding-left: ${i * 16}px; }`).join("\n  ")}
  pre.stderr { background: #fdd; }
  pre.error { background: #fdd; color: #900; }
  .output img { max-width: 100%; }
`;

function text(value: unknown): string {
  return Array.isArray(value)
    ? value.join("")
    : typeof value === "string"
      ? value
      : JSON.stringify(value, null, 2);
}

/** The HTML of one output, choosing the richest mime a static page can show. */
function outputHtml(out: NotebookOutput, md: MarkdownRenderer): string {
  if (out.output_type === "stream")
    return `<pre class="${out.name === "stderr" ? "stderr" : "stdout"}">${escapeHtml(text(out.text))}</pre>`;
  if (out.output_type === "error")
    return `<pre class="error">${escapeHtml(out.traceback.join("\n"))}</pre>`;
  const d = out.data;
  if (d["application/vnd.jupyter.widget-view+json"])
    return widgetViewHtml(d["application/vnd.jupyter.widget-view+json"]);
  if (d[PLOTLY_MIME]) {
    // The figure's own HTML may inline plotly.js again; the page has it once in its head, so draw from the spec.
    const spec = d[PLOTLY_MIME] as Partial<Figure>;
    return figureHtml({ ...spec, data: spec.data ?? [], layout: spec.layout ?? {} });
  }
  if (d["text/html"] !== undefined) return text(d["text/html"]);
  if (d["image/svg+xml"] !== undefined) return text(d["image/svg+xml"]);
  if (d["image/png"] !== undefined)
    return `<img src="data:image/png;base64,${text(d["image/png"]).replace(/\s/g, "")}">`;
  if (d["image/jpeg"] !== undefined)
    return `<img src="data:image/jpeg;base64,${text(d["image/jpeg"]).replace(/\s/g, "")}">`;
  if (d["text/markdown"] !== undefined)
    return `<div class="markdown">${md.render(text(d["text/markdown"]))}</div>`;
  if (d["application/json"] !== undefined)
    return `<pre>${escapeHtml(JSON.stringify(d["application/json"], null, 2))}</pre>`;
  return `<pre>${escapeHtml(text(d["text/plain"] ?? ""))}</pre>`;
}

/** The page for `nb`, titled `title`. */
export function notebookHtml(nb: Notebook, title: string): string {
  const hasPlotly = nb.cells.some((c) =>
    (c.outputs ?? []).some((o) => "data" in o && o.data[PLOTLY_MIME] !== undefined),
  );
  const md = markdownRenderer();
  const cells = nb.cells.map((c) => {
    const source = joinSource(c.source);
    if (c.cell_type === "markdown") return `<div class="cell markdown">${md.render(source)}</div>`;
    if (c.cell_type !== "code") return `<div class="cell"><pre>${escapeHtml(source)}</pre></div>`;
    const prompt = `<div class="prompt">In [${c.execution_count ?? " "}]:</div>`;
    const outputs = (c.outputs ?? [])
      .map((o) => `<div class="output">${outputHtml(o, md)}</div>`)
      .join("\n");
    return `<div class="cell">${prompt}<pre class="code">${escapeHtml(source)}</pre>${outputs}</div>`;
  });
  return [
    "<!DOCTYPE html>",
    `<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">`,
    `<title>${escapeHtml(title)}</title><style>${CSS}</style>`,
    cells.some(hasMath) ? `<style>${katexCss()}</style>` : "",
    hasPlotly ? plotlyScript() : "",
    widgetStateHead(nb, hasPlotly),
    "</head><body><main>",
    tableOfContents(md.headings, escapeHtml),
    ...cells,
    "</main></body></html>",
    "",
  ].join("\n");
}
