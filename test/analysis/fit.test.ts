/** Linear fits on raw, probit and logit scales against scipy.stats.linregress computed here. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { python } from "../helpers/python";
import { detectUnit, fitLine, linearFit, type LinearFit, type Scale } from "../../src/analysis";
import { loadFigure1, loadTestbed } from "../../src/results/reference";
import { Rng } from "../../src/util/rng";
import { assertClose } from "./close";
import { READ_COLUMNS_PY, TESTBED_CSV } from "./reference";

interface Linregress {
  slope: number;
  intercept: number;
  r2: number;
  slope_se: number;
  intercept_se: number;
  slope_ci: [number, number];
  intercept_ci: [number, number];
  n: number;
}

/** Python: fit(x, y, scale) -> linregress on fractions moved to the scale (x, y given as fractions), t
 * intervals from t.ppf. */
const SCIPY_FIT = `from scipy import stats, special
import numpy as np
def fit(x, y, scale):
    x, y = np.array(x, float), np.array(y, float)
    if scale != 'raw':
        keep = (x > 0) & (x < 1) & (y > 0) & (y < 1)
        x, y = x[keep], y[keep]
        f = stats.norm.ppf if scale == 'probit' else special.logit
        x, y = f(x), f(y)
    r = stats.linregress(x, y)
    t = stats.t.ppf(0.975, len(x) - 2)
    return dict(slope=r.slope, intercept=r.intercept, r2=r.rvalue ** 2, slope_se=r.stderr, intercept_se=r.intercept_stderr,
                slope_ci=[r.slope - t * r.stderr, r.slope + t * r.stderr],
                intercept_ci=[r.intercept - t * r.intercept_stderr, r.intercept + t * r.intercept_stderr], n=len(x))
`;

function assertFit(got: LinearFit, want: Linregress, what: string): void {
  assert.equal(got.n, want.n, `${what}: points fitted`);
  assertClose(got.slope, want.slope, 1e-9, `${what} slope`);
  assertClose(got.intercept, want.intercept, 1e-9, `${what} intercept`);
  assertClose(got.r2, want.r2, 1e-9, `${what} R²`);
  assertClose(got.slopeSE, want.slope_se, 1e-9, `${what} slope SE`);
  assertClose(got.interceptSE, want.intercept_se, 1e-9, `${what} intercept SE`);
  // scipy's t.ppf is itself only good to about 1e-9, so the interval ends get a little room.
  got.slopeCI.forEach((v, i) => assertClose(v, want.slope_ci[i], 1e-8, `${what} slope CI[${i}]`));
  got.interceptCI.forEach((v, i) =>
    assertClose(v, want.intercept_ci[i], 1e-8, `${what} intercept CI[${i}]`),
  );
}

test("testbed: val against each shift column, raw, probit and logit, matches linregress to 1e-9", () => {
  const tb = loadTestbed();
  const shifts = tb.testSets.filter((s) => s !== "val");
  const scales: Scale[] = ["raw", "probit", "logit"];
  const want = python<Record<string, Record<Scale, Linregress>>>(
    `${READ_COLUMNS_PY}${SCIPY_FIT}
h, c = read_columns(INPUT['file'])
out = {}
for s in h[2:]:
    p = paired(c, 'val', s)
    x, y = [a for a, _ in p], [b for _, b in p]
    # raw fits the percents as given; probit and logit fit fractions
    out[s] = {sc: fit(x, y, 'raw') if sc == 'raw' else fit([v / 100 for v in x], [v / 100 for v in y], sc) for sc in INPUT['scales']}
print(json.dumps(out))`,
    { file: TESTBED_CSV, scales },
  );
  for (const s of shifts) {
    const both = tb.rows.filter((r) => r.top1.val !== null && r.top1[s] !== null);
    const x = both.map((r) => r.top1.val!);
    const y = both.map((r) => r.top1[s]!);
    for (const scale of scales) {
      const got = linearFit(x, y, { scale });
      assertFit(got, want[s][scale], `val vs ${s} (${scale})`);
      if (scale !== "raw")
        assert.deepEqual([got.xUnit, got.yUnit], ["percent", "percent"], `${s}: units detected`);
    }
  }
});

test("figure 1: ImageNot improvement against ImageNet improvement and top-1, all scales, matches linregress", () => {
  const rows = loadFigure1().rows;
  const top1 = rows.map((r) => r.imagenetTop1 / 100);
  const netRel = rows.map((r) => r.imagenetRelImprovement);
  const notRel = rows.map((r) => r.imagenotRelImprovementDigitised);
  const want = python<Linregress[]>(
    `${SCIPY_FIT}
print(json.dumps([fit(INPUT['netRel'], INPUT['notRel'], 'raw'), fit(INPUT['top1'], INPUT['notRel'], 'raw'),
                  fit(INPUT['top1'], [v / 2 for v in INPUT['notRel']], 'probit'), fit(INPUT['top1'], [v / 2 for v in INPUT['notRel']], 'logit')]))`,
    { top1, netRel, notRel },
  );
  assertFit(linearFit(netRel, notRel), want[0], "ImageNet vs ImageNot improvement");
  assertFit(linearFit(top1, notRel), want[1], "ImageNet top-1 vs ImageNot improvement");
  // Halved improvements lie in (0, 1), so they can go through probit and logit as fractions.
  const half = notRel.map((v) => v / 2);
  assertFit(linearFit(top1, half, { scale: "probit" }), want[2], "probit");
  assertFit(linearFit(top1, half, { scale: "logit" }), want[3], "logit");
});

test("seeded random accuracies with exact 0s and 1s: those are left out of probit and logit, reported, and the rest match linregress", () => {
  const rng = new Rng(11);
  const x = Array.from({ length: 60 }, () => Math.round(rng.next() * 20) / 20); // many ties, some exactly 0 and 1
  const y = x.map((v) =>
    Math.min(1, Math.max(0, Math.round((v * 0.8 + 0.1 + 0.1 * rng.normal()) * 40) / 40)),
  );
  const want = python<(Linregress & { dropped: number[] })[]>(
    `${SCIPY_FIT}
x, y = INPUT['x'], INPUT['y']
dropped = [i for i, (a, b) in enumerate(zip(x, y)) if not (0 < a < 1 and 0 < b < 1)]
print(json.dumps([dict(fit(x, y, s), dropped=dropped) for s in ['raw', 'probit', 'logit']]))`,
    { x, y },
  );
  (["raw", "probit", "logit"] as Scale[]).forEach((scale, i) => {
    const got = linearFit(x, y, { scale });
    assertFit(got, want[i], `random (${scale})`);
    if (scale === "raw") assert.equal(got.dropped, 0);
    else {
      assert.ok(want[i].dropped.length > 0, "the sample has 0s and 1s");
      assert.deepEqual(got.droppedIndices, want[i].dropped);
      assert.equal(got.dropped, want[i].dropped.length);
    }
  });
});

test("units: percents and fractions give the same probit fit; a given unit overrides detection", () => {
  const rng = new Rng(3);
  const x = Array.from({ length: 30 }, () => 0.3 + 0.6 * rng.next());
  const y = x.map((v) => v - 0.1 + 0.02 * rng.normal());
  const fromFractions = linearFit(x, y, { scale: "probit" });
  const fromPercents = linearFit(
    x.map((v) => v * 100),
    y.map((v) => v * 100),
    { scale: "probit" },
  );
  assertClose(fromPercents.slope, fromFractions.slope, 1e-12, "slope");
  assertClose(fromPercents.intercept, fromFractions.intercept, 1e-12, "intercept");
  assert.equal(detectUnit(x), "fraction");
  assert.equal(detectUnit([0.5, 45, 90]), "percent");
  // Percents that all happen to be at most 1 are fractions unless the caller says otherwise.
  const low = [0.2, 0.5, 0.9, 0.7];
  const given = linearFit(
    low,
    low.map((v) => v / 2),
    { scale: "logit", xUnit: "percent", yUnit: "percent" },
  );
  const asFractions = linearFit(
    low.map((v) => v / 100),
    low.map((v) => v / 200),
    { scale: "logit" },
  );
  assertClose(given.slope, asFractions.slope, 1e-12, "given unit slope");
  assert.throws(() => detectUnit([50, 101]), /neither a fraction in \[0, 1\] nor a percent/);
});

test("fitLine maps the fitted line back to fractions (the probit line through its own points)", () => {
  const x = [0.2, 0.4, 0.6, 0.8];
  const fit = { scale: "probit" as Scale, slope: 1, intercept: 0 };
  fitLine(fit, x).forEach((v, i) => assertClose(v, x[i], 1e-14, `identity line at ${x[i]}`));
  const want = python<number[]>(
    "from scipy.stats import norm\nprint(json.dumps([float(norm.cdf(0.3 + 0.9 * norm.ppf(p))) for p in INPUT]))",
    x,
  );
  fitLine({ scale: "probit", slope: 0.9, intercept: 0.3 }, x).forEach((v, i) =>
    assertClose(v, want[i], 1e-12, `line at ${x[i]}`),
  );
});

test("too few points or a constant x are refused with a reason", () => {
  assert.throws(() => linearFit([0.5, 0.6], [0.5, 0.7]), /at least 3 pairs/);
  assert.throws(
    () => linearFit([0, 0.5, 1, 1], [0.2, 0.5, 0.7, 0.9], { scale: "probit" }),
    /at least 3 points strictly between 0 and 1, got 1/,
  );
  assert.throws(() => linearFit([0.5, 0.5, 0.5], [0.1, 0.2, 0.3]), /all x values are equal/);
});
