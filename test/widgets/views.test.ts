import { test } from "node:test";
import assert from "node:assert/strict";
import { loadTestbed } from "../../src/results/reference";
import { rankBumpView } from "../../widgets/views/bump";
import { confusionMatrixView } from "../../widgets/views/confusion";
import { tableView } from "../../widgets/views/table";
import { trainingCurvesView } from "../../widgets/views/training";
import { lexnameMixView, imageGridView, sunburstView } from "../../widgets/views/datasets";
import { python } from "../helpers/python";

test("bump ranks are scipy's ranks of the accuracies, best = 1, ties averaged", () => {
  const { rows } = loadTestbed();
  const sets = ["val", "imagenetv2-matched-frequency", "imagenet-sketch"];
  const models = rows
    .filter((r) => sets.every((s) => r.top1[s] !== null))
    .slice(0, 25)
    .map((r) => ({ model: r.model, accuracies: sets.map((s) => r.top1[s]) }));
  const fig = rankBumpView({ datasets: sets, models });
  const expected = python<number[][]>(
    "from scipy.stats import rankdata\nprint(json.dumps([rankdata([-v for v in col]).tolist() for col in INPUT]))",
    sets.map((_, d) => models.map((m) => m.accuracies[d])),
  );
  fig.data.forEach((t, i) =>
    assert.deepEqual(
      t.y,
      sets.map((_, d) => expected[d][i]),
      models[i].model,
    ),
  );
});

test("confusion matrix: row shares, hover text and one slider step per epoch", () => {
  const m1 = [
      [5, 5],
      [0, 10],
    ],
    m2 = [
      [9, 1],
      [2, 8],
    ];
  const fig = confusionMatrixView({
    labels: ["cat", "dog"],
    matrices: [
      { name: "epoch 1", counts: m1 },
      { name: "epoch 2", counts: m2 },
    ],
  });
  assert.deepEqual(fig.data[0].z, [
    [0.9, 0.1],
    [0.2, 0.8],
  ]);
  assert.equal(
    (fig.data[0].text as string[][])[1][0],
    "true: dog<br>predicted: cat<br>count: 2<br>share of row: 20.0%",
  );
  const steps = (
    fig.layout.sliders as { steps: { label: string; args: [{ z: number[][][] }] }[] }[]
  )[0].steps;
  assert.deepEqual(
    steps.map((s) => s.label),
    ["epoch 1", "epoch 2"],
  );
  assert.deepEqual(steps[0].args[0].z[0], [
    [0.5, 0.5],
    [0, 1],
  ]);
  assert.throws(
    () => confusionMatrixView({ labels: ["a"], matrices: [{ name: "x", counts: [[1, 2]] }] }),
    /not 1x1/,
  );
});

test("table view reads a danfojs DataFrame and plain records alike", () => {
  const dfd = require("danfojs-node");
  const df = new dfd.DataFrame({ model: ["a", "b"], acc: [0.5, 0.25] });
  const fromFrame = tableView(df);
  const fromRows = tableView([
    { model: "a", acc: 0.5 },
    { model: "b", acc: 0.25 },
  ]);
  assert.deepEqual(fromFrame.data, fromRows.data);
  const cells = fromRows.data[0].cells as { values: string[][]; align: string[] };
  assert.deepEqual(cells.values, [
    ["a", "b"],
    ["0.5000", "0.2500"],
  ]);
  assert.deepEqual(cells.align, ["left", "right"]);
});

test("training curves: one trace per run and metric panel, the dropdown shows one metric", () => {
  const fig = trainingCurvesView([
    {
      name: "r1",
      steps: [
        { step: 1, loss: 2, accuracy: 0.1 },
        { step: 2, loss: 1.5 },
      ],
      epochs: [{ epoch: 1, trainLoss: 1.7, testLoss: 1.8, trainAcc: 0.3, testAcc: 0.28 }],
    },
    { name: "r2", epochs: [{ epoch: 1, testAcc: 0.5 }] },
  ]);
  assert.equal(fig.data.length, 12);
  assert.deepEqual(fig.data[0].y, [2, 1.5]);
  assert.deepEqual(fig.data[3].y, [0.1]); // the step without accuracy is left out
  assert.deepEqual(
    fig.data.filter((t) => t.visible).map((t) => t.name),
    ["r1", "r1", "r1", "r2", "r2", "r2"],
  );
  const buttons = (
    fig.layout.updatemenus as { buttons: { label: string; args: [{ visible: boolean[] }] }[] }[]
  )[0].buttons;
  assert.deepEqual(
    buttons[1].args[0].visible,
    fig.data.map((_, j) => j % 6 >= 3),
  );
});

test("lexname mix: categories by total, share buttons sum to one per dataset", () => {
  const fig = lexnameMixView([
    { name: "A", counts: { "noun.animal": 3, "noun.food": 1 } },
    { name: "B", counts: { "noun.artifact": 6, "noun.animal": 2 } },
  ]);
  assert.deepEqual(fig.data[0].x, ["noun.artifact", "noun.animal", "noun.food"]);
  assert.deepEqual(fig.data[1].y, [6, 2, 0]);
  const shares = (fig.layout.updatemenus as { buttons: { args: [{ y: number[][] }] }[] }[])[0]
    .buttons[1].args[0].y;
  assert.deepEqual(shares, [
    [0, 0.75, 0.25],
    [0.75, 0.25, 0],
  ]);
});

test("sunburst and image grid check their inputs", () => {
  assert.throws(
    () => sunburstView([{ name: "h", ids: ["a"], labels: [], parents: [""], values: [1] }]),
    /equal length/,
  );
  assert.throws(() => sunburstView([]), /trees is empty/);
  assert.throws(
    () => imageGridView([{ src: "http://example.com/a.png", label: "a" }]),
    /data:image\/ URL/,
  );
});
