import { test } from "node:test";
import assert from "node:assert/strict";
import { parseStudyState, studyViews } from "../../widgets/interactive/study";
import { studyPanel } from "../../widgets/interactive/study-panel";
import { PLOTLY_MIME } from "../../widgets/bundle";
import { python } from "../helpers/python";
import { testbedStudy } from "./fixtures";

const input = testbedStudy();

interface Expected {
  n: number;
  pearson: number;
  spearman: number;
  tau: number;
  slope: number;
  r2: number;
  probitSlope: number;
}

/** scipy's statistics on the models that stay in. */
function scipyStats(excluded: string[]): Expected {
  const keep = input.models.flatMap((m, i) => (excluded.includes(m) ? [] : [i]));
  return python<Expected>(
    `
from scipy import stats
import numpy as np
x = np.array(INPUT["x"]); y = np.array(INPUT["y"])
f = stats.linregress(x, y); p = stats.linregress(stats.norm.ppf(x / 100), stats.norm.ppf(y / 100))
print(json.dumps(dict(n=len(x), pearson=stats.pearsonr(x, y)[0], spearman=stats.spearmanr(x, y)[0], tau=stats.kendalltau(x, y)[0],
  slope=f.slope, r2=f.rvalue**2, probitSlope=p.slope)))
`,
    { x: keep.map((i) => input.x[i]), y: keep.map((i) => input.y[i]) },
  );
}

test("leaving models out recomputes the statistics as scipy does", () => {
  for (const excluded of [[], ["vit_base_patch16_224"], ["alexnet", "resnet18"]]) {
    const v = studyViews(input, parseStudyState(input, { baseline: "vgg19", excluded }));
    const e = scipyStats(excluded);
    assert.equal(v.stats.n, e.n);
    for (const [got, want] of [
      [v.stats.pearson, e.pearson],
      [v.stats.spearman, e.spearman],
      [v.stats.kendallTauB, e.tau],
      [v.stats.raw.slope, e.slope],
      [v.stats.raw.r2, e.r2],
      [v.stats.probit.slope, e.probitSlope],
    ]) {
      assert.ok(Math.abs(got - want) < 1e-9, `${excluded}: ${got} vs ${want}`);
    }
    assert.equal((v.scatter.data[0].x as number[]).length, e.n);
    assert.deepEqual(
      v.improvement.data[0].x,
      input.models.filter((m) => !excluded.includes(m)),
    );
  }
});

test("the improvement is measured against the chosen baseline", () => {
  const v = studyViews(input, parseStudyState(input, { baseline: "resnet50" }));
  const i = input.models.indexOf("resnet50");
  assert.equal((v.improvement.data[0].y as number[])[i], 1);
  assert.equal((v.improvement.data[1].y as number[])[0], input.y[0] / input.y[i]);
});

test("bad requests are answered with the reason", () => {
  assert.throws(
    () => parseStudyState(input, { baseline: "nope" }),
    /baseline must be one of the models/,
  );
  assert.throws(
    () => parseStudyState(input, { baseline: "alexnet", excluded: ["alexnet"] }),
    /cannot be left out/,
  );
  assert.throws(
    () => parseStudyState(input, { excluded: input.models.slice(1, 7) }),
    /at least 3 models/,
  );
  assert.throws(() => parseStudyState(input, { scale: "log" }), /scale must be/);
});

test("the widget panel follows its controls: statistics and both figures, and says why a choice fails", () => {
  const panel = studyPanel(input);
  const figures = () =>
    panel.figures.outputs.map((o) => (o.data as Record<string, { data: unknown[] }>)[PLOTLY_MIME]);
  assert.equal(figures().length, 2);
  assert.match(panel.stats.value, /^n = 8 · /);
  panel.excluded.value = ["vit_base_patch16_224"];
  assert.match(panel.stats.value, /^n = 7 · .*left out: vit_base_patch16_224$/);
  assert.equal(panel.excluded.index[0], input.models.indexOf("vit_base_patch16_224"));
  panel.baseline.value = "vit_base_patch16_224";
  assert.match(panel.status.value, /cannot be left out/);
  assert.match(panel.stats.value, /^n = 7 · /, "the last valid state stays shown");
  panel.excluded.value = [];
  assert.equal(panel.status.value, "");
  const improvement = figures()[1] as { data: { y: number[] }[] };
  const i = input.models.indexOf("vit_base_patch16_224");
  assert.equal(improvement.data[0].y[i], 1, "improvement measured against the new baseline");
  panel.scale.value = "probit";
  assert.equal(panel.scale.index, 1);
});
