/** The results table: model x dataset -> accuracy, each number with where it comes from (published, digitised, run). */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { correctnessVector } from "../analysis/bootstrap";
import { loadFigure1, loadTestbed, type Provenance } from "./reference";
import { toDataFrame } from "../util/dataframe";
import { displayName, isArchitecture } from "../models/facts";
import { parseRunRecord } from "../train/run-record";

/** top1/top5: accuracy in percent; rel_improvement: accuracy divided by the baseline model's (AlexNet in the study). */
export type Metric = "top1" | "top5" | "rel_improvement";

export interface ResultRow {
  /** Display name ("AlexNet", a testbed model name, or the run's architecture). */
  model: string;
  /** torchvision builder id where known (the figure's models and our runs), else null. */
  arch: string | null;
  /** "imagenet", "imagenot", a testbed test set ("val", "imagenetv2-matched-frequency", ...), or a run's dataset. */
  dataset: string;
  metric: Metric;
  value: number;
  provenance: Provenance;
  /** The file the number was read from. */
  source: string;
  /** Per-example test correctness, when a run recorded it. */
  correct?: Uint8Array;
}

/**
 * The study's figure: ImageNet top-1/top-5 (published torchvision numbers) and relative improvement over AlexNet on
 * ImageNet (exact ratio of published numbers) and ImageNot (digitised off the figure: ImageNot accuracies
 * are not published).
 */
export function figure1Results(): ResultRow[] {
  const source = "data/reference/imagenot_figure1.csv";
  return loadFigure1().rows.flatMap((r): ResultRow[] => {
    const base = { model: r.model, arch: r.torchvisionBuilder, source };
    return [
      {
        ...base,
        dataset: "imagenet",
        metric: "top1",
        value: r.imagenetTop1,
        provenance: "published",
      },
      {
        ...base,
        dataset: "imagenet",
        metric: "top5",
        value: r.imagenetTop5,
        provenance: "published",
      },
      {
        ...base,
        dataset: "imagenet",
        metric: "rel_improvement",
        value: r.imagenetRelImprovement,
        provenance: "published",
      },
      {
        ...base,
        dataset: "imagenot",
        metric: "rel_improvement",
        value: r.imagenotRelImprovementDigitised,
        provenance: "digitised",
      },
    ];
  });
}

/** The 338-model testbed of Taori et al. 2020: published top-1 per test set, one row per evaluated cell. */
export function testbedResults(): ResultRow[] {
  const source = "data/reference/imagenet_testbed_top1.csv";
  return loadTestbed().rows.flatMap((r) =>
    Object.entries(r.top1).flatMap(([dataset, value]): ResultRow[] =>
      value === null
        ? []
        : [
            {
              model: r.model,
              arch: null,
              dataset,
              metric: "top1",
              value,
              provenance: "published",
              source,
            },
          ],
    ),
  );
}

/** Every run.json below `folder` (depth first, sorted); none when the folder does not exist. */
export function findRunRecords(folder: string): string[] {
  if (!existsSync(folder)) return [];
  const found: string[] = [];
  for (const name of readdirSync(folder).sort()) {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) found.push(...findRunRecords(path));
    else if (name === "run.json") found.push(path);
  }
  return found;
}

export interface RunResults {
  rows: ResultRow[];
  /** run.json files that could not be used (unfinished or malformed), with the reason. */
  skipped: { path: string; reason: string }[];
}

/** Reads one finished run record into a row; throws an Error naming what is missing. */
function runRow(path: string): ResultRow {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, "utf8"));
  } catch (e) {
    throw new Error(`not JSON (${(e as Error).message})`, { cause: e });
  }
  const record = parseRunRecord(json, path);
  // The trainer rewrites run.json each epoch with status "running"; only finished runs are results.
  if (record.status !== "complete")
    throw new Error(`not finished (status ${JSON.stringify(record.status)})`);
  const { arch, dataset, finalTestAcc, testCorrect } = record;
  const row: ResultRow = {
    model: isArchitecture(arch) ? displayName(arch) : arch,
    arch,
    dataset,
    metric: "top1",
    // The trainer records fractions; the table keeps top-1 in percent like the published tables.
    value: finalTestAcc <= 1 ? finalTestAcc * 100 : finalTestAcc,
    provenance: "run",
    source: path,
  };
  if (testCorrect !== undefined && testCorrect !== null && testCorrect !== "") {
    row.correct = correctnessVector(testCorrect, `${path} testCorrect`);
  }
  return row;
}

/** Our own finished runs: the run.json files under `folder` (arch, dataset, finalTestAcc, testCorrect if present). */
export function runResults(folder: string): RunResults {
  const out: RunResults = { rows: [], skipped: [] };
  for (const path of findRunRecords(folder)) {
    try {
      out.rows.push(runRow(path));
    } catch (e) {
      out.skipped.push({ path, reason: (e as Error).message });
    }
  }
  return out;
}

/** The whole table: the figure, the testbed and, when `runs` names a folder, our runs. */
export function resultsTable(options: { runs?: string } = {}): ResultRow[] {
  return [
    ...figure1Results(),
    ...testbedResults(),
    ...(options.runs ? runResults(options.runs).rows : []),
  ];
}

export interface WideTable {
  models: string[];
  datasets: string[];
  /** values[i][j]: model i on dataset j (the mean when several rows match, e.g. seeds), null when absent. */
  values: (number | null)[][];
}

/** One metric as a model x dataset grid, rows in first-seen order; optionally one provenance only. */
export function pivot(
  rows: readonly ResultRow[],
  metric: Metric,
  provenance?: Provenance,
): WideTable {
  const chosen = rows.filter(
    (r) => r.metric === metric && (!provenance || r.provenance === provenance),
  );
  const models = [...new Set(chosen.map((r) => r.model))];
  const datasets = [...new Set(chosen.map((r) => r.dataset))];
  const sums = models.map(() => datasets.map(() => ({ sum: 0, count: 0 })));
  for (const r of chosen) {
    const cell = sums[models.indexOf(r.model)][datasets.indexOf(r.dataset)];
    cell.sum += r.value;
    cell.count++;
  }
  return {
    models,
    datasets,
    values: sums.map((row) => row.map((c) => (c.count ? c.sum / c.count : null))),
  };
}

export interface PairedResults {
  models: string[];
  /** The metric on dataset A (x) and B (y), per model. */
  x: number[];
  y: number[];
  /** Per-example correctness on A and B, per model, when every chosen row recorded it (for bootstrapExamples),
   * else null. */
  correctX: Uint8Array[] | null;
  correctY: Uint8Array[] | null;
}

/** The models with a `metric` row on both datasets, paired for correlation and fits (the first row of each is used). */
export function pairByModel(
  rows: readonly ResultRow[],
  datasetA: string,
  datasetB: string,
  metric: Metric = "top1",
): PairedResults {
  const first = (dataset: string) => {
    const byModel = new Map<string, ResultRow>();
    for (const r of rows)
      if (r.dataset === dataset && r.metric === metric && !byModel.has(r.model))
        byModel.set(r.model, r);
    return byModel;
  };
  const a = first(datasetA);
  const b = first(datasetB);
  const models = [...a.keys()].filter((m) => b.has(m));
  const rowsA = models.map((m) => a.get(m)!);
  const rowsB = models.map((m) => b.get(m)!);
  const correct = (chosen: ResultRow[]) =>
    chosen.every((r) => r.correct) ? chosen.map((r) => r.correct!) : null;
  return {
    models,
    x: rowsA.map((r) => r.value),
    y: rowsB.map((r) => r.value),
    correctX: correct(rowsA),
    correctY: correct(rowsB),
  };
}

/** The rows as a danfojs-node DataFrame (danfojs loads on first use); `examples` counts recorded correctness. */
export function resultsDataFrame(rows: readonly ResultRow[]): import("danfojs-node").DataFrame {
  const records = rows.map((r) => ({ ...r, arch: r.arch ?? "", examples: r.correct?.length ?? 0 }));
  return toDataFrame(records, [
    "model",
    "arch",
    "dataset",
    "metric",
    "value",
    "provenance",
    "source",
    "examples",
  ]);
}
