/** The normal and Student t functions against scipy.stats computed here. */
import { test } from "node:test";
import { python } from "../helpers/python";
import { normCdf, normQuantile, tCdf, tQuantile } from "../../src/analysis/special";
import { assertClose, assertRelClose } from "./close";

const PS = [
  1e-300,
  1e-100,
  1e-20,
  1e-8,
  1e-3,
  0.02,
  0.02425,
  0.075,
  0.0751,
  0.2,
  0.4999,
  0.5,
  0.500001,
  0.7,
  0.925,
  0.975,
  0.995,
  1 - 1e-9,
];
const DFS = [1, 2, 3, 4.5, 7, 10, 23, 30, 100, 333, 1000];

test("normQuantile matches scipy norm.ppf to 1e-12 relative, tails included", () => {
  const expected = python<number[]>(
    "from scipy.stats import norm\nprint(json.dumps([float(norm.ppf(p)) for p in INPUT]))",
    PS,
  );
  PS.forEach((p, i) => assertRelClose(normQuantile(p), expected[i], 1e-12, `normQuantile(${p})`));
});

test("normCdf matches scipy norm.cdf to 1e-12 relative, far tail included", () => {
  const zs = [-37, -20, -8, -3, -1.5, -0.1, 0, 1e-9, 0.3, 1, 2.5, 6];
  const expected = python<number[]>(
    "from scipy.stats import norm\nprint(json.dumps([float(norm.cdf(z)) for z in INPUT]))",
    zs,
  );
  zs.forEach((z, i) => assertRelClose(normCdf(z), expected[i], 1e-12, `normCdf(${z})`));
});

test("tCdf matches scipy t.cdf to 1e-12 relative", () => {
  const ts = [-200, -12.7, -3, -1, -0.05, 0, 0.3, 1.96, 4];
  const expected = python<number[][]>(
    "from scipy.stats import t\nprint(json.dumps([[float(t.cdf(x, d)) for x in INPUT['ts']] for d in INPUT['dfs']]))",
    { ts, dfs: DFS },
  );
  DFS.forEach((df, j) =>
    ts.forEach((t, i) => assertRelClose(tCdf(t, df), expected[j][i], 1e-12, `tCdf(${t}, ${df})`)),
  );
});

test("tQuantile matches scipy t.ppf, and scipy's t.cdf of it gives p back to 1e-12", () => {
  const ps = PS.slice(2); // scipy's own t.ppf is not reliable below 1e-20
  const ours = DFS.map((df) => ps.map((p) => tQuantile(p, df)));
  const ref = python<{ ppf: number[][]; back: number[][] }>(
    `from scipy.stats import t
ps, dfs, ours = INPUT['ps'], INPUT['dfs'], INPUT['ours']
ppf = [[float(t.ppf(p, d)) for p in ps] for d in dfs]
# the tail on the side of each quantile, so small probabilities keep their precision
# float(): JSON writes -3.2e19 as an integer literal, which numpy would hold as an object
back = [[float(t.cdf(float(q), d) if p < 0.5 else t.sf(float(q), d)) for p, q in zip(ps, row)] for d, row in zip(dfs, ours)]
print(json.dumps({'ppf': ppf, 'back': back}))`,
    { ps, dfs: DFS, ours },
  );
  DFS.forEach((df, j) =>
    ps.forEach((p, i) => {
      // scipy's t.ppf itself is accurate to about 1e-9 in the tails, its t.cdf to about 1e-15.
      assertClose(ours[j][i], ref.ppf[j][i], 1e-8, `tQuantile(${p}, ${df}) vs t.ppf`);
      if (p !== 0.5)
        assertRelClose(ref.back[j][i], p < 0.5 ? p : 1 - p, 1e-12, `t.cdf(tQuantile(${p}, ${df}))`);
    }),
  );
});

test("tQuantile at the 95% two-sided point: scipy's t.cdf gives 0.975 back, and t.ppf agrees to its own accuracy", () => {
  const dfs = [1, 2, 3, 5, 7, 10, 20, 50, 100, 333, 1000, 1554];
  const ours = dfs.map((df) => tQuantile(0.975, df));
  const ref = python<{ ppf: number[]; back: number[] }>(
    `from scipy.stats import t
print(json.dumps({'ppf': [float(t.ppf(0.975, d)) for d in INPUT['dfs']], 'back': [float(t.sf(q, d)) for q, d in zip(INPUT['ours'], INPUT['dfs'])]}))`,
    { dfs, ours },
  );
  dfs.forEach((df, i) => {
    assertRelClose(ref.back[i], 0.025, 1e-13, `t.sf(tQuantile(0.975, ${df}))`);
    assertRelClose(ours[i], ref.ppf[i], 1e-8, `tQuantile(0.975, ${df}) vs t.ppf`); // scipy's t.ppf(0.975, 50) is itself off by 1.2e-9
  });
});

test("tQuantile matches the closed forms for 1 and 2 degrees of freedom to 1e-14", () => {
  for (const p of [1e-6, 0.01, 0.3, 0.6, 0.975, 0.999]) {
    // tan(pi (p - 1/2)) written as a cotangent of the small side, which keeps full precision near the poles
    const cauchy = p < 0.5 ? -1 / Math.tan(Math.PI * p) : 1 / Math.tan(Math.PI * (1 - p));
    assertRelClose(tQuantile(p, 1), cauchy, 1e-14, `tQuantile(${p}, 1) vs tan(pi (p - 1/2))`);
    assertRelClose(
      tQuantile(p, 2),
      (2 * p - 1) / Math.sqrt(2 * p * (1 - p)),
      1e-14,
      `tQuantile(${p}, 2) vs (2p-1)/sqrt(2p(1-p))`,
    );
  }
});
