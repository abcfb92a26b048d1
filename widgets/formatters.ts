/**
 * Rich values that need widgets: a Plotly figure object shows as the figure, a run record as a one-line summary
 * over its training curves. Registered with the kernel's formatter table when widgets/index.ts is imported.
 */
import { registerFormatter, type MimeBundle } from "../kernel/api";
import type { RunRecord } from "../src/train/run-record";
import { figureBundle } from "./bundle";
import type { Figure } from "./figure";
import { trainingCurvesView } from "./views/training";

/** Whether `v` is a Plotly figure spec: `data` an array of trace objects and `layout` an object. */
export function isFigure(v: unknown): v is Figure {
  const f = v as Partial<Figure> | null;
  return (
    typeof f === "object" &&
    f !== null &&
    Array.isArray(f.data) &&
    f.data.every((t) => typeof t === "object" && t !== null) &&
    typeof f.layout === "object" &&
    f.layout !== null
  );
}

/** Whether `v` is a run record (run.json as the trainer writes it). */
export function isRunRecord(v: unknown): v is RunRecord {
  const r = v as Partial<RunRecord> | null;
  return (
    typeof r === "object" &&
    r !== null &&
    typeof r.arch === "string" &&
    typeof r.dataset === "string" &&
    Array.isArray(r.metrics) &&
    (r.status === "running" || r.status === "complete")
  );
}

/** "resnet152 on mnist, seed 0: 3 epochs (complete), test accuracy 0.981, 41.2 s, cpu" (the summary line of a run). */
export function runSummary(r: RunRecord): string {
  const seconds = r.metrics.reduce((s, m) => s + m.seconds, 0);
  const acc = Number.isFinite(r.finalTestAcc) ? r.finalTestAcc.toFixed(3) : "—";
  return (
    `${r.arch} on ${r.dataset}, seed ${r.seed}: ${r.metrics.length} epochs (${r.status}), ` +
    `test accuracy ${acc}, ${seconds.toFixed(1)} s, ${r.backend?.name ?? "unknown backend"}`
  );
}

// plotly.js reaches the page from the kernelspec (see show() in bundle.ts), never inlined per output.
function figureWithPlotly(fig: Figure): MimeBundle {
  return figureBundle(fig);
}

/** A run record's bundle: its summary line, then its per-epoch loss curves (the figure's own mimes). */
export function runRecordBundle(r: RunRecord): MimeBundle {
  const summary = runSummary(r);
  const fig = trainingCurvesView([{ name: `${r.arch}-seed${r.seed}`, epochs: r.metrics }], {
    title: summary,
  });
  const bundle = figureWithPlotly(fig);
  return { ...bundle, "text/plain": summary };
}

registerFormatter(isFigure, figureWithPlotly);
registerFormatter(isRunRecord, runRecordBundle);
