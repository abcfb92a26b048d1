/** The results table: reference rows with their provenance (checked against the CSVs read by Python), run
 * records, DataFrames. */
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { python } from "../helpers/python";
import {
  figure1Results,
  pairByModel,
  pivot,
  resultsDataFrame,
  resultsTable,
  runResults,
  testbedResults,
} from "../../src/results/table";
import { bootstrapExamples, kendallTauB } from "../../src/analysis";
import { FIGURE1_CSV, READ_COLUMNS_PY, TESTBED_CSV } from "../analysis/reference";

test("figure rows: ImageNet numbers are published, ImageNot improvements digitised, values as in the CSV", () => {
  const rows = figure1Results();
  const want = python<Record<string, (number | string)[]>>(
    `${READ_COLUMNS_PY}
h, c = read_columns(INPUT)
print(json.dumps(c))`,
    FIGURE1_CSV,
  );
  const get = (dataset: string, metric: string) =>
    rows.filter((r) => r.dataset === dataset && r.metric === metric);
  assert.deepEqual(
    get("imagenet", "top1").map((r) => r.value),
    want.imagenet_top1,
  );
  assert.deepEqual(
    get("imagenet", "top5").map((r) => r.value),
    want.imagenet_top5,
  );
  assert.deepEqual(
    get("imagenet", "rel_improvement").map((r) => r.value),
    want.imagenet_rel_improvement_over_alexnet,
  );
  assert.deepEqual(
    get("imagenot", "rel_improvement").map((r) => r.value),
    want.imagenot_rel_improvement_digitized,
  );
  assert.deepEqual(
    get("imagenot", "rel_improvement").map((r) => r.model),
    want.model,
  );
  // ImageNot absolute accuracies are not published, so the table holds none, and nothing digitised passes as published.
  assert.equal(
    rows.filter((r) => r.dataset === "imagenot" && r.metric !== "rel_improvement").length,
    0,
  );
  for (const r of rows)
    assert.equal(
      r.provenance,
      r.dataset === "imagenot" ? "digitised" : "published",
      `${r.model} ${r.dataset} ${r.metric}`,
    );
  assert.deepEqual(
    get("imagenet", "top1").map((r) => r.arch),
    want.torchvision_builder,
  );
});

test("testbed rows: one published top-1 per non-empty cell", () => {
  const rows = testbedResults();
  const want = python<{ cells: number; val: number[] }>(
    `${READ_COLUMNS_PY}
h, c = read_columns(INPUT)
print(json.dumps({'cells': sum(v is not None for k in h[1:] for v in c[k]), 'val': [v for v in c['val'] if v is not None]}))`,
    TESTBED_CSV,
  );
  assert.equal(rows.length, want.cells);
  assert.ok(rows.every((r) => r.provenance === "published" && r.metric === "top1"));
  assert.deepEqual(
    rows.filter((r) => r.dataset === "val").map((r) => r.value),
    want.val,
  );
});

test("run records: finished runs become rows in percent with their correctness; unfinished and malformed ones are skipped with a reason", () => {
  const dir = mkdtempSync(join(tmpdir(), "runs-"));
  const write = (sub: string, record: unknown) => {
    mkdirSync(join(dir, sub), { recursive: true });
    writeFileSync(
      join(dir, sub, "run.json"),
      typeof record === "string" ? record : JSON.stringify(record),
    );
  };
  // A complete record as the trainer writes it, with the fields a test changes.
  const record = (fields: Record<string, unknown>) => ({
    status: "complete",
    numClasses: 10,
    seed: 1,
    config: {},
    backend: { name: "cpu", reason: "test", threads: 1, versions: {} },
    metrics: [],
    ...fields,
  });
  write(
    "a/alexnet-mnist",
    record({ arch: "alexnet", dataset: "mnist", finalTestAcc: 0.75, testCorrect: "0111" }),
  );
  write(
    "b/resnet",
    record({ arch: "resnet152", dataset: "fashion-mnist", finalTestAcc: 0.5, testCorrect: [1, 0] }),
  );
  write("c/unfinished", record({ arch: "vgg19", dataset: "mnist" }));
  write(
    "c/vit-running",
    record({ status: "running", arch: "vit_b_16", dataset: "mnist", finalTestAcc: null }),
  );
  write("c/wrong-field", record({ arch: 19, dataset: "mnist", finalTestAcc: 0.1 }));
  write("d/broken", "{ not json");
  writeFileSync(join(dir, "notes.txt"), "not a run");
  const { rows, skipped } = runResults(dir);
  assert.deepEqual(
    rows.map((r) => [r.model, r.arch, r.dataset, r.value, r.provenance, r.metric]),
    [
      ["AlexNet", "alexnet", "mnist", 75, "run", "top1"],
      ["ResNet-152", "resnet152", "fashion-mnist", 50, "run", "top1"],
    ],
  );
  assert.deepEqual([...rows[0].correct!], [0, 1, 1, 1]);
  assert.deepEqual(
    skipped.map((s) => s.path.slice(dir.length)),
    [
      "/c/unfinished/run.json",
      "/c/vit-running/run.json",
      "/c/wrong-field/run.json",
      "/d/broken/run.json",
    ],
  );
  assert.match(skipped[0].reason, /a complete run needs a finalTestAcc/);
  assert.match(skipped[1].reason, /not finished \(status "running"\)/);
  assert.match(skipped[2].reason, /field "arch" must be a string, got 19/);
  assert.match(skipped[3].reason, /not JSON/);
  assert.deepEqual(runResults(join(dir, "no-such-folder")), { rows: [], skipped: [] });
  assert.equal(resultsTable({ runs: dir }).filter((r) => r.provenance === "run").length, 2);
});

test("pivot: a model x dataset grid of one metric, averaging repeated runs", () => {
  const base = { arch: null, metric: "top1" as const, provenance: "run" as const, source: "x" };
  const grid = pivot(
    [
      { ...base, model: "A", dataset: "d1", value: 10 },
      { ...base, model: "A", dataset: "d1", value: 20 },
      { ...base, model: "B", dataset: "d2", value: 5 },
      { ...base, model: "B", dataset: "d2", value: 7, metric: "top5" },
    ],
    "top1",
  );
  assert.deepEqual(grid, {
    models: ["A", "B"],
    datasets: ["d1", "d2"],
    values: [
      [15, null],
      [null, 5],
    ],
  });
  const fig = pivot(figure1Results(), "rel_improvement");
  assert.deepEqual(fig.datasets, ["imagenet", "imagenot"]);
  assert.equal(fig.models.length, 9);
});

test("pairByModel pairs two datasets by model; with recorded correctness the example bootstrap runs on it", () => {
  const fig = pairByModel(figure1Results(), "imagenet", "imagenot", "rel_improvement");
  assert.equal(fig.models.length, 9);
  assert.equal(kendallTauB(fig.x, fig.y), 1);
  assert.equal(fig.correctX, null, "published rows have no per-example results");
  const base = { arch: null, metric: "top1" as const, provenance: "run" as const, source: "x" };
  const runs = [
    { ...base, model: "A", dataset: "d1", value: 50, correct: Uint8Array.from([1, 0, 1, 0]) },
    { ...base, model: "B", dataset: "d1", value: 75, correct: Uint8Array.from([1, 1, 1, 0]) },
    { ...base, model: "C", dataset: "d1", value: 25, correct: Uint8Array.from([0, 0, 1, 0]) },
    { ...base, model: "A", dataset: "d2", value: 40, correct: Uint8Array.from([1, 0, 0, 0, 1]) },
    { ...base, model: "B", dataset: "d2", value: 60, correct: Uint8Array.from([1, 1, 0, 0, 1]) },
  ];
  const p = pairByModel(runs, "d1", "d2");
  assert.deepEqual(p.models, ["A", "B"]);
  assert.deepEqual(
    [p.x, p.y],
    [
      [50, 75],
      [40, 60],
    ],
  );
  const r = bootstrapExamples([p.correctX!, p.correctY!], ([a, b]) => kendallTauB(a, b), {
    resamples: 50,
  });
  assert.equal(r.estimate, 1);
});

test("resultsDataFrame gives a danfojs-node DataFrame with one row per result", () => {
  const rows = figure1Results();
  const df = resultsDataFrame(rows);
  assert.deepEqual(df.shape, [rows.length, 8]);
  assert.deepEqual(df.columns, [
    "model",
    "arch",
    "dataset",
    "metric",
    "value",
    "provenance",
    "source",
    "examples",
  ]);
  assert.deepEqual(
    df.column("provenance").values,
    rows.map((r) => r.provenance),
  );
  assert.deepEqual(
    df.column("value").values,
    rows.map((r) => r.value),
  );
});
