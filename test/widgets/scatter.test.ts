import { test } from "node:test";
import assert from "node:assert/strict";
import { loadFigure1 } from "../../src/results/reference";
import { accuracyScatterView } from "../../widgets/views/scatter";
import { top1VsTop5 } from "./fixtures";

const rows = loadFigure1().rows;
const { pair, reference: ref } = top1VsTop5();
const points = pair.points;

test("the 95% band matches the textbook OLS confidence band", () => {
  const fig = accuracyScatterView({ pairs: [pair] });
  assert.equal(fig.data.length, 8); // (points, band, line, diagonal) x (raw, probit)
  const band = fig.data[1];
  const bx = band.x as number[],
    by = band.y as number[];
  assert.equal(bx.length, 82);
  for (let i = 0; i < 41; i++) {
    assert.ok(Math.abs(bx[i] - ref.band.x[i]) < 1e-9);
    assert.ok(
      Math.abs(by[i] - ref.band.upper[i]) < 1e-6,
      `upper ${i}: ${by[i]} vs ${ref.band.upper[i]}`,
    );
    assert.ok(
      Math.abs(by[81 - i] - ref.band.lower[i]) < 1e-6,
      `lower ${i}: ${by[81 - i]} vs ${ref.band.lower[i]}`,
    );
  }
});

test("probit points are scipy's norm.ppf of the accuracies, and hover gives both accuracies and ranks", () => {
  const fig = accuracyScatterView({ pairs: [pair], scale: "probit" });
  const probitPoints = fig.data[4];
  assert.equal(probitPoints.visible, true);
  assert.equal(fig.data[0].visible, false);
  (probitPoints.x as number[]).forEach((v, i) => assert.ok(Math.abs(v - ref.probitX[i]) < 1e-9));
  const text = fig.data[0].text as string[];
  // EfficientNet V2 Large is first on both top-1 and top-5 in the reference table.
  const i = rows.findIndex((r) => r.model === "EfficientNet V2 Large");
  assert.equal(
    text[i],
    "<b>EfficientNet V2 Large</b><br>top-1: 85.81% (rank 1)<br>top-5: 97.79% (rank 1)",
  );
});

test("the scale buttons show exactly one view's traces each", () => {
  const fig = accuracyScatterView({
    pairs: [
      pair,
      {
        ...pair,
        xName: "top-5",
        yName: "top-1",
        points: points.map((p) => ({ model: p.model, x: p.y, y: p.x })),
      },
    ],
  });
  const menu = (
    fig.layout.updatemenus as {
      type: string;
      buttons: { label: string; args: [{ visible: boolean[] }] }[];
    }[]
  )[0];
  assert.equal(menu.type, "dropdown");
  assert.deepEqual(
    menu.buttons.map((b) => b.label),
    [
      "top-1 vs top-5 · raw",
      "top-1 vs top-5 · probit",
      "top-5 vs top-1 · raw",
      "top-5 vs top-1 · probit",
    ],
  );
  menu.buttons.forEach((b, k) =>
    assert.deepEqual(
      b.args[0].visible,
      fig.data.map((_, j) => Math.floor(j / 4) === k),
    ),
  );
});
