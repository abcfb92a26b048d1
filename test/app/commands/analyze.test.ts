/** `imagenot-lab analyze` through the real command: JSON equal to scipy, and one-line exit-2 reasons for bad input. */
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { runCli } from "../../helpers/cli";
import { python } from "../../helpers/python";
import { assertClose } from "../../analysis/close";
import { FIGURE1_CSV, READ_COLUMNS_PY, TESTBED_CSV } from "../../analysis/reference";

const dir = mkdtempSync(join(tmpdir(), "analyze-"));

function csv(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** Python: the analyze JSON computed by scipy from a CSV file, as the contract defines it. */
const SCIPY_ANALYZE = `${READ_COLUMNS_PY}from scipy import stats, special
import numpy as np
def analyze(path, xc, yc, scale, label='model', baseline=None):
    h, c = read_columns(path)
    rows = [(l, x, y) for l, x, y in zip(c[label], c[xc], c[yc])]
    used = [(l, x, y) for l, x, y in rows if x is not None and y is not None]
    x = np.array([u[1] for u in used]); y = np.array([u[2] for u in used])
    fx, fy = x, y
    if scale != 'raw':
        fx = x / 100 if x.max() > 1 else x
        fy = y / 100 if y.max() > 1 else y
        keep = (fx > 0) & (fx < 1) & (fy > 0) & (fy < 1)
        f = stats.norm.ppf if scale == 'probit' else special.logit
        fx, fy = f(fx[keep]), f(fy[keep])
    r = stats.linregress(fx, fy)
    out = dict(n=len(used), dropped=len(rows) - len(used), pearson=stats.pearsonr(x, y).statistic,
               spearman=stats.spearmanr(x, y).statistic, kendall_tau_b=stats.kendalltau(x, y).statistic,
               fit=dict(scale=scale, slope=r.slope, intercept=r.intercept, r2=r.rvalue ** 2, slope_se=r.stderr, intercept_se=r.intercept_stderr, n=len(fx)))
    if baseline is not None:
        b = [u for u in used if u[0] == baseline][0]
        out['improvement'] = [dict(label=l, x=a / b[1], y=v / b[2]) for l, a, v in used]
    return out
`;

interface AnalyzeJson {
  n: number;
  dropped: number;
  pearson: number;
  spearman: number;
  kendall_tau_b: number;
  fit: {
    scale: string;
    slope: number;
    intercept: number;
    r2: number;
    slope_se: number;
    intercept_se: number;
    n: number;
    left_out?: unknown[];
  };
  improvement?: { label: string; x: number; y: number }[];
}

function assertSameReport(got: AnalyzeJson, want: AnalyzeJson, what: string): void {
  assert.equal(got.n, want.n, `${what}: n`);
  assert.equal(got.dropped, want.dropped, `${what}: dropped`);
  for (const k of ["pearson", "spearman", "kendall_tau_b"] as const)
    assertClose(got[k], want[k], 1e-9, `${what}: ${k}`);
  assert.equal(got.fit.scale, want.fit.scale);
  assert.equal(got.fit.n, want.fit.n, `${what}: fitted points`);
  for (const k of ["slope", "intercept", "r2", "slope_se", "intercept_se"] as const)
    assertClose(got.fit[k], want.fit[k], 1e-9, `${what}: fit.${k}`);
  assert.equal(got.improvement?.length, want.improvement?.length, `${what}: improvement rows`);
  got.improvement?.forEach((r, i) => {
    assert.equal(r.label, want.improvement![i].label);
    assertClose(r.x, want.improvement![i].x, 1e-12, `${what}: improvement x of ${r.label}`);
    assertClose(r.y, want.improvement![i].y, 1e-12, `${what}: improvement y of ${r.label}`);
  });
}

function analyzeJson(args: string[]): AnalyzeJson {
  const r = runCli(["analyze", ...args, "--json"]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout.trim().split("\n").length, 1, "one JSON line");
  return JSON.parse(r.stdout) as AnalyzeJson;
}

test("analyze --json on the figure with --baseline AlexNet equals scipy", () => {
  const got = analyzeJson([
    FIGURE1_CSV,
    "--x",
    "imagenet_top1",
    "--y",
    "imagenot_rel_improvement_digitized",
    "--baseline",
    "AlexNet",
  ]);
  const want = python<AnalyzeJson>(
    `${SCIPY_ANALYZE}
print(json.dumps(analyze(INPUT, 'imagenet_top1', 'imagenot_rel_improvement_digitized', 'raw', baseline='AlexNet')))`,
    FIGURE1_CSV,
  );
  assertSameReport(got, want, "figure");
  assert.equal(got.kendall_tau_b, 1);
});

test("analyze --json on the testbed, val vs ImageNetV2 on probit and logit (empty cells dropped), equals scipy", () => {
  for (const scale of ["probit", "logit"]) {
    const got = analyzeJson([
      TESTBED_CSV,
      "--x",
      "val",
      "--y",
      "imagenetv2-matched-frequency",
      "--scale",
      scale,
    ]);
    const want = python<AnalyzeJson>(
      `${SCIPY_ANALYZE}
print(json.dumps(analyze(INPUT['f'], 'val', 'imagenetv2-matched-frequency', INPUT['s'])))`,
      { f: TESTBED_CSV, s: scale },
    );
    assertSameReport(got, want, `testbed ${scale}`);
    assert.ok(got.dropped > 0, "the testbed has models without an ImageNetV2 number");
  }
});

test("analyze on a CSV with comments, fractions, an exact 1, empty cells and a --label column", () => {
  const file = csv(
    "small.csv",
    "# Source: made up for the test\nname,a,b,note\nm1,0.5,0.41,x\nm2,0.6,,y\nm3,0.7,0.52,\nm4,0.8,0.66,z\n# a comment inside\nm5,1.0,0.9,\nm6,0.75,0.61,\n",
  );
  const got = analyzeJson([
    file,
    "--x",
    "a",
    "--y",
    "b",
    "--scale",
    "probit",
    "--label",
    "name",
    "--baseline",
    "m1",
  ]);
  const want = python<AnalyzeJson>(
    `${SCIPY_ANALYZE}
print(json.dumps(analyze(INPUT, 'a', 'b', 'probit', label='name', baseline='m1')))`,
    file,
  );
  assertSameReport(got, want, "small");
  assert.equal(got.dropped, 1);
  assert.deepEqual(got.fit.left_out, [{ label: "m5", x: 1, y: 0.9 }]);
});

test("analyze without --json prints a readable table", () => {
  const r = runCli([
    "analyze",
    FIGURE1_CSV,
    "--x",
    "imagenet_top1",
    "--y",
    "imagenot_rel_improvement_digitized",
    "--scale",
    "logit",
    "--baseline",
    "AlexNet",
  ]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /Kendall tau-b\s+1\.0000/);
  assert.match(r.stdout, /fit on logit scale/);
  assert.match(r.stdout, /improvement over AlexNet/);
  // 84.414 / 56.522 = 1.49349 and 1.4757 / 0.9992 = 1.47688, from the table's rows for ConvNeXt and AlexNet
  assert.match(r.stdout, /ConvNeXt Large\s+1\.4935\s+1\.4769/);
});

/** Runs analyze expecting exit 2 and a single stderr line matching `reason`. */
function assertBadInput(args: string[], reason: RegExp): void {
  const r = runCli(["analyze", ...args]);
  assert.equal(r.code, 2, `exit code for ${args.join(" ")}: ${r.stderr}`);
  assert.equal(r.stderr.trim().split("\n").length, 1, `one line: ${r.stderr}`);
  assert.match(r.stderr, reason);
  assert.equal(r.stdout, "");
}

test("bad input exits 2 with one line naming the problem", () => {
  const good = csv("good.csv", "model,a,b\nm1,50,40\nm2,60,52\nm3,70,61\n");
  assertBadInput(
    [join(dir, "missing.csv"), "--x", "a", "--y", "b"],
    /cannot read .*missing\.csv: ENOENT/,
  );
  assertBadInput([good, "--x", "a", "--y", "c"], /no column "c" for --y \(columns: model, a, b\)/);
  assertBadInput([good, "--x", "a"], /--y COL is required/);
  assertBadInput([good, "--x", "a", "--y", "b", "--label", "name"], /no column "name" for --label/);
  assertBadInput(
    [good, "--x", "a", "--y", "b", "--scale", "log"],
    /--scale must be one of raw, probit, logit, got "log"/,
  );
  assertBadInput(
    [good, "--x", "a", "--y", "b", "--baseline", "AlexNet"],
    /--baseline "AlexNet" is not a value of column "model" \(values: m1, m2, m3\)/,
  );
  const text = csv("text.csv", "model,a,b\nm1,50,40\nm2,sixty,52\nm3,70,61\n");
  assertBadInput(
    [text, "--x", "a", "--y", "b"],
    /row 2 \(m2\) column "a" is not a number: "sixty"/,
  );
  const few = csv("few.csv", "model,a,b\nm1,50,40\nm2,60,\nm3,70,61\n");
  assertBadInput(
    [few, "--x", "a", "--y", "b"],
    /only 2 rows have numbers in both "a" and "b" \(1 with empty cells\); need at least 3/,
  );
  const edges = csv("edges.csv", "model,a,b\nm1,0,40\nm2,100,52\nm3,70,61\nm4,80,70\n");
  assertBadInput(
    [edges, "--x", "a", "--y", "b", "--scale", "probit"],
    /probit needs at least 3 points strictly between 0 and 1, got 2/,
  );
  const range = csv("range.csv", "model,a,b\nm1,50,40\nm2,160,52\nm3,70,61\n");
  assertBadInput(
    [range, "--x", "a", "--y", "b", "--scale", "logit"],
    /160 is neither a fraction in \[0, 1\] nor a percent in \[0, 100\]/,
  );
});
