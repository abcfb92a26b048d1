import { test } from "node:test";
import assert from "node:assert/strict";
import { decide } from "../../src/choose/decision";
import { decisionView } from "../../widgets/views/decision";

const correct = (k: number, n: number) => "1".repeat(k) + "0".repeat(n - k);
const measured = [
  {
    arch: "alexnet",
    testCorrect: correct(14, 40),
    params: 250e3,
    macs: 14e6,
    latencyMs: 1,
    trainImgPerS: 100,
  },
  {
    arch: "resnet152",
    testCorrect: correct(30, 40),
    params: 150e3,
    macs: 10e6,
    latencyMs: 4,
    trainImgPerS: 50,
  },
  {
    arch: "vgg19",
    testCorrect: correct(25, 40),
    params: 316e3,
    macs: 9e6,
    latencyMs: 6,
    trainImgPerS: 60,
  },
  {
    arch: "convnext_large",
    testCorrect: correct(31, 40),
    params: 270e3,
    macs: 3e6,
    latencyMs: 8,
    trainImgPerS: 20,
  },
];

test("decision view: points with interval bars, the front, benchmark ranks, the recommendation, the note", () => {
  const d = decide(measured, { arch: "alexnet", testCorrect: correct(8, 40) }, { budgetMs: 5 });
  const fig = decisionView(d);
  const names = fig.data.map((t) => t.name);
  assert.deepEqual(names, [
    "Pareto front",
    "fine-tuned on your data (95% interval)",
    "AlexNet from scratch (baseline)",
    "recommended: ResNet-152",
  ]);
  const [front, points] = fig.data;
  // vgg19 (0.625 at 6 ms) is dominated by resnet152 (0.75 at 4 ms).
  assert.deepEqual(front.x, [1, 4, 8]);
  assert.deepEqual(front.y, [0.35, 0.75, 0.775]);
  assert.deepEqual(points.y, [0.35, 0.75, 0.625, 0.775]);
  const err = points.error_y as { array: number[]; arrayminus: number[] };
  d.candidates.forEach((c, i) => {
    assert.ok(Math.abs(c.accuracy + err.array[i] - c.accuracyInterval[1]) < 1e-12);
    assert.ok(Math.abs(c.accuracy - err.arrayminus[i] - c.accuracyInterval[0]) < 1e-12);
  });
  assert.deepEqual(points.text, [
    "AlexNet · #9",
    "ResNet-152 · #4",
    "VGG-19 · #8",
    "ConvNeXt Large · #2",
  ]);
  assert.match(
    String((fig.layout.title as { text: string }).text),
    /Recommended: ResNet-152.*budget 5 ms/,
  );
  const shapes = fig.layout.shapes as { x0: number }[];
  assert.equal(shapes[0].x0, 5);
  const note = (fig.layout.annotations as { text: string }[])[0].text;
  assert.match(
    note,
    /Differences within the 95% intervals: ConvNeXt Large, ResNet-152, VGG-19 cannot be told apart on 40 test images/,
  );
  JSON.parse(JSON.stringify(fig));
});

test("decision view: MACs as the cost, no budget, nothing eligible", () => {
  const byMacs = decisionView(decide(measured, null, { cost: "macs" }));
  assert.deepEqual(byMacs.data[1].x, [14, 10, 9, 3]);
  assert.equal(byMacs.data.length, 3);
  const none = decisionView(decide(measured, null, { budgetMs: 0.5 }));
  assert.match(
    String((none.layout.title as { text: string }).text),
    /No candidate meets the budget of 0.5 ms/,
  );
  assert.ok(!none.data.some((t) => String(t.name).startsWith("recommended")));
});
