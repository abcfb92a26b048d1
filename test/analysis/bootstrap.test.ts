/** Bootstrap intervals: reproducible by seed, numpy's percentiles, and standard errors that match theory. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { python } from "../helpers/python";
import {
  bootstrapExamples,
  bootstrapPairedStatistics,
  bootstrapRows,
  correctnessVector,
  kendallTauB,
  mean,
  pearson,
  pick,
  spearman,
} from "../../src/analysis";
import { loadFigure1 } from "../../src/results/reference";
import { Rng } from "../../src/util/rng";
import { assertClose } from "./close";

test("the same seed gives the same resamples, another seed other ones", () => {
  const x = Array.from({ length: 25 }, (_, i) => Math.sin(i) * 10);
  const stat = (rows: Int32Array) => mean(pick(x, rows));
  const a = bootstrapRows(x.length, stat, { seed: 5, resamples: 200 });
  const b = bootstrapRows(x.length, stat, { seed: 5, resamples: 200 });
  const c = bootstrapRows(x.length, stat, { seed: 6, resamples: 200 });
  assert.deepEqual(a, b);
  assert.notDeepEqual(a.samples, c.samples);
  assert.equal(a.estimate, mean(x));
});

test("interval ends are numpy's linear percentiles of the resampled values", () => {
  const rng = new Rng(1);
  const x = Array.from({ length: 40 }, () => rng.normal());
  for (const level of [0.9, 0.95]) {
    const r = bootstrapRows(x.length, (rows) => mean(pick(x, rows)), {
      seed: 2,
      resamples: 999,
      level,
    });
    const want = python<[number, number, number]>(
      `import numpy as np
s = np.array(INPUT['s']); q = INPUT['level']
print(json.dumps([float(np.percentile(s, 50 * (1 - q))), float(np.percentile(s, 50 * (1 + q))), float(np.std(s, ddof=1))]))`,
      { s: r.samples, level },
    );
    assertClose(r.lo, want[0], 1e-12, `lo at ${level}`);
    assertClose(r.hi, want[1], 1e-12, `hi at ${level}`);
    assertClose(r.se, want[2], 1e-12, `se at ${level}`);
  }
});

test("row bootstrap of a mean has the standard error s / sqrt(n) (within 10% at 4000 resamples)", () => {
  const rng = new Rng(9);
  const x = Array.from({ length: 200 }, () => 3 + 2 * rng.normal());
  const r = bootstrapRows(x.length, (rows) => mean(pick(x, rows)), { seed: 1, resamples: 4000 });
  const m = mean(x);
  // The bootstrap estimates the plug-in standard error, sqrt(sum (x - m)^2 / n) / sqrt(n).
  const theory =
    Math.sqrt(x.reduce((s, v) => s + (v - m) ** 2, 0) / x.length) / Math.sqrt(x.length);
  assert.ok(Math.abs(r.se / theory - 1) < 0.1, `bootstrap se ${r.se} vs theory ${theory}`);
  assert.ok(r.lo < m && m < r.hi);
});

test("example bootstrap of one model's accuracy has the binomial standard error sqrt(p(1-p)/m)", () => {
  const rng = new Rng(4);
  const m = 5000;
  const correct = Array.from({ length: m }, () => (rng.next() < 0.7 ? 1 : 0)).join("");
  const r = bootstrapExamples([[correct]], (acc) => acc[0][0], { seed: 3, resamples: 2000 });
  const p = [...correct].filter((c) => c === "1").length / m;
  assert.equal(r.estimate, p);
  const theory = Math.sqrt((p * (1 - p)) / m);
  assert.ok(Math.abs(r.se / theory - 1) < 0.1, `bootstrap se ${r.se} vs theory ${theory}`);
});

test("example bootstrap over two test sets: tau-b between the rankings, each set resampled on its own", () => {
  const rng = new Rng(12);
  const truth = [0.55, 0.6, 0.65, 0.7, 0.75];
  const group = (shift: number, m: number) =>
    truth.map((p) => Array.from({ length: m }, () => (rng.next() < p - shift ? 1 : 0)));
  const a = group(0, 3000);
  const b = group(0.2, 1000);
  const r = bootstrapExamples([a, b], ([x, y]) => kendallTauB(x, y), { seed: 0, resamples: 300 });
  const accA = a.map((c) => mean(c));
  const accB = b.map((c) => mean(c));
  assert.equal(r.estimate, kendallTauB(accA, accB));
  assert.ok(r.lo <= r.estimate && r.estimate <= r.hi, `${r.lo} <= ${r.estimate} <= ${r.hi}`);
  assert.ok(r.hi <= 1 && r.lo >= -1);
  assert.throws(
    () => bootstrapExamples([[a[0], a[1].slice(1)]], () => 0),
    /model 1 has 2999 examples, model 0 has 3000/,
  );
});

test("paired statistics: estimates equal scipy's on the figure, intervals bracket them", () => {
  const rows = loadFigure1().rows;
  const x = rows.map((r) => r.imagenetTop1);
  const y = rows.map((r) => r.imagenotRelImprovementDigitised);
  const r = bootstrapPairedStatistics(x, y, {}, { seed: 1, resamples: 500 });
  const want = python<{ tau: number; rho: number; r: number; slope: number }>(
    `from scipy import stats
x, y = INPUT['x'], INPUT['y']
print(json.dumps({'tau': stats.kendalltau(x, y).statistic, 'rho': stats.spearmanr(x, y).statistic, 'r': stats.pearsonr(x, y).statistic, 'slope': stats.linregress(x, y).slope}))`,
    { x, y },
  );
  assertClose(r.kendallTauB.estimate, want.tau, 1e-9, "tau");
  assertClose(r.spearman.estimate, want.rho, 1e-9, "rho");
  assertClose(r.pearson.estimate, want.r, 1e-9, "r");
  assertClose(r.slope.estimate, want.slope, 1e-9, "slope");
  for (const [name, interval] of Object.entries(r)) {
    assert.ok(interval.lo <= interval.hi, `${name}: lo <= hi`);
    assert.equal(interval.resamples, 500);
  }
  assert.equal(pearson(x, y), r.pearson.estimate);
  assert.equal(spearman(x, y), r.spearman.estimate);
});

test("correctness vectors accept 0/1 strings and arrays and name a bad entry", () => {
  assert.deepEqual([...correctnessVector("0110")], [0, 1, 1, 0]);
  assert.deepEqual([...correctnessVector([1, 0, 1])], [1, 0, 1]);
  assert.throws(
    () => correctnessVector("01x", "run.json testCorrect"),
    /run.json testCorrect: entry 2 is "x", expected 0 or 1/,
  );
});
