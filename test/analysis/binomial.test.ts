import assert from "node:assert/strict";
import { test } from "node:test";
import { binomialCdf, binomialQuantile } from "../../src/analysis/binomial";
import { python } from "../helpers/python";

const cases = [
  { q: 0.005, n: 500, p: 0.1 },
  { q: 0.995, n: 500, p: 0.1 },
  { q: 0.995, n: 10000, p: 0.1 },
  { q: 0.5, n: 7, p: 0.3 },
  { q: 0.025, n: 1400, p: 0.01 },
  { q: 0.999, n: 60, p: 0.5 },
];

test("binomial quantile and cdf match scipy.stats.binom", () => {
  const theirs = python<{ ppf: number[]; cdf: number[] }>(
    `
from scipy.stats import binom
print(json.dumps({"ppf": [int(binom.ppf(c["q"], c["n"], c["p"])) for c in INPUT],
                  "cdf": [float(binom.cdf(int(c["n"] * c["p"]), c["n"], c["p"])) for c in INPUT]}))
`,
    cases,
  );
  cases.forEach((c, i) => {
    assert.equal(binomialQuantile(c.q, c.n, c.p), theirs.ppf[i], JSON.stringify(c));
    const cdf = binomialCdf(Math.floor(c.n * c.p), c.n, c.p);
    assert.ok(Math.abs(cdf - theirs.cdf[i]) < 1e-9, `cdf ${JSON.stringify(c)}: ${cdf}`);
  });
});

test("binomial quantile refuses a probability outside [0, 1]", () => {
  assert.throws(() => binomialQuantile(1.5, 10, 0.1), /quantile must be in \[0, 1\]/);
});
