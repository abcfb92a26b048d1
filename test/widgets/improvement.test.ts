import { test } from "node:test";
import assert from "node:assert/strict";
import { loadFigure1 } from "../../src/results/reference";
import { improvementView } from "../../widgets/views/improvement";

test("improvement ratios match the reference table's published AlexNet ratios", () => {
  const rows = loadFigure1().rows;
  const fig = improvementView({
    models: rows.map((r) => r.model),
    series: [
      {
        dataset: "ImageNet",
        kind: "accuracy",
        values: rows.map((r) => r.imagenetTop1),
        provenance: "published",
      },
      {
        dataset: "ImageNot",
        kind: "ratio",
        values: rows.map((r) => r.imagenotRelImprovementDigitised),
        provenance: "digitised",
      },
    ],
  });
  assert.equal(fig.data.length, 2);
  const y = fig.data[0].y as number[];
  rows.forEach((r, i) =>
    assert.ok(
      Math.abs(y[i] - r.imagenetRelImprovement) < 1e-4,
      `${r.model}: ${y[i]} vs ${r.imagenetRelImprovement}`,
    ),
  );
  assert.deepEqual(
    fig.data[1].y,
    rows.map((r) => r.imagenotRelImprovementDigitised),
  );
  assert.equal(fig.data[1].name, "ImageNot (digitised)");
  // The hover names the model, the ratio and the rank the figure's left panel shows.
  const text = fig.data[0].text as string[];
  rows.forEach((r, i) =>
    assert.ok(
      text[i].includes(`rank ${r.rankImagenet} of 9`) && text[i].includes(r.model),
      text[i],
    ),
  );
  const notText = fig.data[1].text as string[];
  rows.forEach((r, i) => assert.ok(notText[i].includes(`rank ${r.rankImagenot} of 9`), notText[i]));
});

test("improvement rejects a baseline that is not a model and misaligned series", () => {
  assert.throws(
    () => improvementView({ models: ["a"], baseline: "b", series: [] }),
    /baseline "b"/,
  );
  assert.throws(
    () =>
      improvementView({
        models: ["a", "b"],
        series: [{ dataset: "D", kind: "ratio", values: [1] }],
      }),
    /1 values/,
  );
});
