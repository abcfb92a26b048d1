/** The decision report: one self-contained offline page with the table, the figure, the recommendation and
 * its caveats, the next step, and the settings to reproduce it; plus the command's JSON object. */
import { normQuantile } from "../../src/analysis/special";
import type { Decision } from "../../src/choose/decision";
import type { Measurements } from "../../src/choose/measure";
import { softwareVersions } from "../../src/util/versions";
import { escapeHtml, type Report } from "../../widgets/html";
import { htmlTable, sourceParagraph, type Cell } from "../../widgets/html-table";
import { decisionView } from "../../widgets/views/decision";

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

/** The table's columns and rows: one per candidate, then the from-scratch baseline. */
export function decisionTable(d: Decision): { columns: string[]; rows: Cell[][] } {
  const level = `${Math.round(100 * d.settings.level)}%`;
  const columns = [
    "model",
    "benchmark rank",
    "ImageNet top-1 (published)",
    "ImageNot / AlexNet (digitised)",
    `accuracy on your data (${level} interval)`,
    "parameters",
    "MACs / image",
    "latency ms / image",
    "training img/s",
    "Pareto front",
  ];
  const interval = (a: number, [lo, hi]: [number, number]) =>
    `${pct(a)} (${(100 * lo).toFixed(1)}–${pct(hi)})`;
  const rows: Cell[][] = d.candidates.map((c) => [
    c.arch === d.recommendation.arch ? `${c.displayName} (recommended)` : c.displayName,
    c.benchmarkRank,
    `${c.imagenetTop1.toFixed(1)}%`,
    c.imagenotImprovement.toFixed(3),
    `${interval(c.accuracy, c.accuracyInterval)}, ${c.correct}/${c.tested}`,
    `${(c.params / 1e3).toFixed(0)} k`,
    `${(c.macs / 1e6).toFixed(1)} M`,
    Number(c.latencyMs.toFixed(2)),
    Number(c.trainImgPerS.toFixed(1)),
    c.onFront ? "yes" : "no",
  ]);
  if (d.baseline) {
    const b = d.baseline;
    rows.push([
      `${b.displayName}, from scratch (baseline)`,
      null,
      null,
      null,
      interval(b.accuracy, b.accuracyInterval),
      null,
      null,
      null,
      null,
      null,
    ]);
  }
  return { columns, rows };
}

/** Test images needed for a `level` interval of half-width `half` at accuracy p (normal approximation). */
export function testImagesFor(p: number, half: number, level: number): number {
  const z = normQuantile((1 + level) / 2);
  return Math.ceil((z * z * Math.max(p * (1 - p), 0.01)) / (half * half));
}

/** The command line that reruns this decision. */
export function reproduceCommand(m: Measurements, d: Decision, out: string): string {
  const s = m.settings;
  const parts = [
    "imagenot-lab choose",
    `--data ${m.data.spec}`,
    `--candidates ${s.candidates.join(",")}`,
    `--epochs ${s.training.epochs}`,
    `--seed ${s.seed}`,
    `--weight ${d.settings.weight}`,
    `--cost ${d.settings.cost}`,
    `--interval ${d.settings.interval}`,
    d.settings.budgetMs !== null ? `--budget-ms ${d.settings.budgetMs}` : "",
    `--out ${out}`,
  ];
  return parts.filter(Boolean).join(" ");
}

/** The page: recommendation and caveats, table, figure, ranking, your data, next step, settings. */
export function decisionReport(m: Measurements, d: Decision, command: string): Report {
  const chosen = d.candidates.find((c) => c.arch === d.recommendation.arch);
  const level = `${Math.round(100 * d.settings.level)}%`;
  const list = (items: string[]) =>
    `<ul>${items.map((i) => `<li>${escapeHtml(i)}</li>`).join("")}</ul>`;
  const t = d.tauB;
  const best = d.candidates.reduce((a, c) => (c.accuracy > a.accuracy ? c : a));
  const half = (best.accuracyInterval[1] - best.accuracyInterval[0]) / 2;
  const { columns, rows } = decisionTable(d);
  const versions = softwareVersions();
  return {
    title: "Which architecture for your images?",
    subtitle: `${m.data.name}: ${m.data.classes.length} classes, ${m.data.trainCount} training and ${m.data.testCount} test images · ${d.candidates.length} candidates fine-tuned and timed on this machine`,
    sections: [
      {
        title: chosen ? `Recommendation: ${chosen.displayName}` : "No recommendation",
        html: [
          `<p>${escapeHtml(d.recommendation.reason)}.</p>`,
          `<p><b>Caveats</b></p>`,
          list(d.notes),
        ].join("\n"),
      },
      {
        title: "The candidates",
        html: [
          htmlTable(columns, rows, { digits: 2 }),
          `<p>Benchmark rank: by ImageNet top-1 among the paper's nine architectures (1 = best). Accuracy: fine-tuned on your training images from weights pretrained on ${escapeHtml(m.settings.pretrainOn)}, measured on your ${m.data.testCount} held-out test images. Latency: median of timed passes at batch 1 on this machine, the candidates taking turns (backend ${escapeHtml(m.backend.name)}, ${m.backend.threads} thread(s)); training img/s: the last epoch of the pretraining run (all weights, batch ${m.settings.training.batchSize}), read back when that run was reused. Both depend on what else the machine was doing.</p>`,
          sourceParagraph(d.benchmarkSource),
        ].join("\n"),
        figures: [decisionView(d)],
      },
      {
        title: "Did the benchmark ranking hold on your data?",
        html: Number.isNaN(t.tauB)
          ? `<p>Not measurable here: ${t.n} candidate(s), or every accuracy tied.</p>`
          : `<p>Kendall's τ-b between ImageNet top-1 and accuracy on your data: <b>${t.tauB.toFixed(2)}</b>, ${level} interval ${t.lo.toFixed(2)} to ${t.hi.toFixed(2)} (percentile bootstrap over your ${m.data.testCount} test images, ${t.resamples} resamples${t.undefinedCount ? `, ${t.undefinedCount} with all accuracies tied left out` : ""}). τ-b = 1 means the same order as the benchmark, 0 no relation.</p>`,
      },
      {
        title: "Your data",
        html: [
          `<p><code>${escapeHtml(m.data.source)}</code> — classes: ${m.data.classes.map(escapeHtml).join(", ")}.</p>`,
          m.data.problems.length === 0
            ? `<p>Every file was readable.</p>`
            : `<p>${m.data.problems.length} file(s) skipped:</p>` +
              list(m.data.problems.slice(0, 20).map((p) => `${p.file}: ${p.reason}`)),
        ].join("\n"),
      },
      {
        title: "Next step",
        html: list([
          `Collect more labelled images from the site where the model will run: the best accuracy here is known to ±${pct(half)}; about ${testImagesFor(best.accuracy, 0.02, d.settings.level)} test images would narrow that to ±2%.`,
          "Fine-tune the recommended model (and any within its interval) on all of them, then decide again.",
          "After deployment, keep labelling a sample of what the model sees and monitor its accuracy: the images will drift from these.",
        ]),
      },
      {
        title: "Settings to reproduce",
        html: [
          `<pre>${escapeHtml(command)}</pre>`,
          `<pre>${escapeHtml(JSON.stringify({ ...m.settings, decision: d.settings, backend: m.backend.name, versions }, null, 2))}</pre>`,
        ].join("\n"),
      },
    ],
    footer: `<p>imagenot-lab ${escapeHtml(versions["imagenot-lab"] ?? "")} · ${escapeHtml(new Date().toISOString())}</p>`,
  };
}

/** The `choose --json` object (camelCase here; the command converts to snake_case). */
export function decisionJson(d: Decision, report: string) {
  const finite = (x: number) => (Number.isFinite(x) ? x : null);
  return {
    candidates: d.candidates.map((c) => ({
      arch: c.arch,
      accuracy: c.accuracy,
      accuracyInterval: c.accuracyInterval,
      params: c.params,
      macs: c.macs,
      latencyMs: c.latencyMs,
      trainImgPerS: c.trainImgPerS,
      benchmarkRank: c.benchmarkRank,
    })),
    recommendation: d.recommendation.arch,
    tauB: finite(d.tauB.tauB),
    tauBInterval: [finite(d.tauB.lo), finite(d.tauB.hi)],
    front: d.front,
    withinIntervals: d.withinIntervals,
    baseline: d.baseline && { arch: d.baseline.arch, accuracy: d.baseline.accuracy },
    notes: d.notes,
    report,
  };
}
