/** Ranks, Kendall tau-b, Spearman, Pearson, pairwise agreement and top-k overlap against scipy/numpy computed here. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { python } from "../helpers/python";
import {
  kendallTauB,
  pairCounts,
  pairwiseAgreement,
  pearson,
  ranks,
  spearman,
  topKOverlap,
} from "../../src/analysis";
import { loadFigure1, loadTestbed } from "../../src/results/reference";
import { Rng } from "../../src/util/rng";
import { assertClose } from "./close";
import { FIGURE1_CSV, READ_COLUMNS_PY, TESTBED_CSV } from "./reference";

interface Scipy {
  tau: number;
  rho: number;
  r: number;
}

const SCIPY_CORRELATIONS = `from scipy import stats
def corr(x, y):
    return {'tau': float(stats.kendalltau(x, y).statistic), 'rho': float(stats.spearmanr(x, y).statistic), 'r': float(stats.pearsonr(x, y).statistic)}
`;

function ours(x: number[], y: number[]): Scipy {
  return { tau: kendallTauB(x, y), rho: spearman(x, y), r: pearson(x, y) };
}

function assertSame(got: Scipy, want: Scipy, what: string): void {
  assertClose(got.tau, want.tau, 1e-9, `${what} Kendall tau-b`);
  assertClose(got.rho, want.rho, 1e-9, `${what} Spearman`);
  assertClose(got.r, want.r, 1e-9, `${what} Pearson`);
}

/** Seeded samples with many ties: integer values from a few levels. */
function tiedSamples(seed: number, n: number, levels: number): { x: number[]; y: number[] } {
  const rng = new Rng(seed);
  const x = Array.from({ length: n }, () => rng.int(levels));
  const y = x.map((v) => (rng.next() < 0.7 ? v + rng.int(3) : rng.int(levels)) / 2);
  return { x, y };
}

test("Kendall tau-b of the figure's ImageNet and ImageNot rankings is 1 (ranks and digitised improvements)", () => {
  const rows = loadFigure1().rows;
  assert.equal(
    kendallTauB(
      rows.map((r) => r.rankImagenet),
      rows.map((r) => r.rankImagenot),
    ),
    1,
  );
  assert.equal(
    kendallTauB(
      rows.map((r) => r.imagenetRelImprovement),
      rows.map((r) => r.imagenotRelImprovementDigitised),
    ),
    1,
  );
  const want = python<number>(
    `${READ_COLUMNS_PY}from scipy import stats
h, c = read_columns(INPUT)
print(json.dumps(float(stats.kendalltau(c['rank_imagenet_fig'], c['rank_imagenot_fig']).statistic)))`,
    FIGURE1_CSV,
  );
  assert.equal(want, 1);
});

test("figure 1: correlations between every pair of numeric columns match scipy to 1e-9", () => {
  const cols = [
    "imagenet_top1",
    "imagenet_top5",
    "imagenet_rel_improvement_over_alexnet",
    "imagenot_rel_improvement_digitized",
    "rank_imagenet_fig",
    "x_order",
  ];
  const rows = loadFigure1().rows;
  const values: Record<string, number[]> = {
    imagenet_top1: rows.map((r) => r.imagenetTop1),
    imagenet_top5: rows.map((r) => r.imagenetTop5),
    imagenet_rel_improvement_over_alexnet: rows.map((r) => r.imagenetRelImprovement),
    imagenot_rel_improvement_digitized: rows.map((r) => r.imagenotRelImprovementDigitised),
    rank_imagenet_fig: rows.map((r) => r.rankImagenet),
    x_order: rows.map((r) => r.xOrder),
  };
  const want = python<Record<string, Scipy>>(
    `${READ_COLUMNS_PY}${SCIPY_CORRELATIONS}
h, c = read_columns(INPUT['file'])
print(json.dumps({a + '|' + b: corr(c[a], c[b]) for a in INPUT['cols'] for b in INPUT['cols'] if a < b}))`,
    { file: FIGURE1_CSV, cols },
  );
  for (const key of Object.keys(want)) {
    const [a, b] = key.split("|");
    assertSame(ours(values[a], values[b]), want[key], key);
  }
});

test("testbed: val against each shift column matches scipy to 1e-9 (rows with both values)", () => {
  const tb = loadTestbed();
  const shifts = tb.testSets.filter((s) => s !== "val");
  const want = python<Record<string, Scipy & { n: number }>>(
    `${READ_COLUMNS_PY}${SCIPY_CORRELATIONS}
h, c = read_columns(INPUT)
out = {}
for s in h[2:]:
    p = paired(c, 'val', s)
    out[s] = dict(corr([a for a, _ in p], [b for _, b in p]), n=len(p))
print(json.dumps(out))`,
    TESTBED_CSV,
  );
  assert.deepEqual(Object.keys(want).sort(), [...shifts].sort());
  for (const s of shifts) {
    const both = tb.rows.filter((r) => r.top1.val !== null && r.top1[s] !== null);
    assert.equal(both.length, want[s].n, `${s}: paired rows`);
    assertSame(
      ours(
        both.map((r) => r.top1.val!),
        both.map((r) => r.top1[s]!),
      ),
      want[s],
      `val vs ${s}`,
    );
  }
});

test("seeded random data with many ties: tau-b, rho, r and average ranks match scipy to 1e-9", () => {
  const cases = [
    tiedSamples(1, 7, 3),
    tiedSamples(2, 50, 4),
    tiedSamples(3, 400, 10),
    tiedSamples(4, 3000, 25),
    tiedSamples(5, 1000, 2),
  ];
  const want = python<(Scipy & { rx: number[]; ry_desc: number[] })[]>(
    `${SCIPY_CORRELATIONS}
import numpy as np
print(json.dumps([dict(corr(c['x'], c['y']), rx=stats.rankdata(c['x']).tolist(), ry_desc=stats.rankdata(-np.array(c['y'])).tolist()) for c in INPUT]))`,
    cases,
  );
  cases.forEach((c, i) => {
    assertSame(ours(c.x, c.y), want[i], `case ${i} (n=${c.x.length})`);
    assert.deepEqual(ranks(c.x), want[i].rx, `case ${i}: average ranks`);
    assert.deepEqual(
      ranks(c.y, { descending: true }),
      want[i].ry_desc,
      `case ${i}: descending ranks`,
    );
  });
});

test("pair counts and pairwise agreement equal a brute-force count over all pairs", () => {
  const cases = [tiedSamples(6, 60, 5), tiedSamples(7, 200, 3)];
  const want = python<
    { concordant: number; discordant: number; tiedX: number; tiedY: number; tiedBoth: number }[]
  >(
    `
out = []
for c in INPUT:
    x, y, n = c['x'], c['y'], len(c['x'])
    k = dict(concordant=0, discordant=0, tiedX=0, tiedY=0, tiedBoth=0)
    for i in range(n):
        for j in range(i + 1, n):
            dx, dy = x[i] - x[j], y[i] - y[j]
            if dx == 0: k['tiedX'] += 1
            if dy == 0: k['tiedY'] += 1
            if dx == 0 and dy == 0: k['tiedBoth'] += 1
            if dx * dy > 0: k['concordant'] += 1
            if dx * dy < 0: k['discordant'] += 1
    out.append(k)
print(json.dumps(out))`,
    cases,
  );
  cases.forEach((c, i) => {
    const got = pairCounts(c.x, c.y);
    assert.deepEqual(
      {
        concordant: got.concordant,
        discordant: got.discordant,
        tiedX: got.tiedX,
        tiedY: got.tiedY,
        tiedBoth: got.tiedBoth,
      },
      want[i],
    );
    assert.equal(
      pairwiseAgreement(c.x, c.y).agreement,
      want[i].concordant / (want[i].concordant + want[i].discordant),
    );
  });
});

test("top-k overlap matches sets built by numpy's stable argsort", () => {
  const c = tiedSamples(8, 40, 6);
  const ks = [1, 3, 5, 10, 40];
  const want = python<number[][]>(
    `import numpy as np
x, y = np.array(INPUT['x']), np.array(INPUT['y'])
top = lambda v, k: set(np.argsort(-v, kind='stable')[:k].tolist())
print(json.dumps([sorted(top(x, k) & top(y, k)) for k in INPUT['ks']]))`,
    { ...c, ks },
  );
  ks.forEach((k, i) => {
    const got = topKOverlap(c.x, c.y, k);
    assert.deepEqual(got.shared, want[i], `k=${k}`);
    assert.equal(got.fraction, want[i].length / k);
  });
});

test("constant input gives NaN like scipy, and unpaired or non-finite input is refused", () => {
  assert.ok(Number.isNaN(kendallTauB([1, 1, 1], [1, 2, 3])));
  assert.ok(Number.isNaN(pearson([1, 2, 3], [5, 5, 5])));
  assert.throws(() => kendallTauB([1, 2], [1]), /x has 2 values, y has 1/);
  assert.throws(() => spearman([1, NaN, 3], [1, 2, 3]), /value 1 is not a finite number/);
});
