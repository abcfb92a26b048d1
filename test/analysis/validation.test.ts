/** Checks against outside data the project was not built around: 1556 timm checkpoints, ImageNet vs ImageNetV2
 * (not shipped). */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { runCli } from "../helpers/cli";
import { python } from "../helpers/python";
import { kendallTauB, linearFit, pearson, spearman } from "../../src/analysis";
import { readCsv } from "../../src/util/csv";
import { assertClose } from "./close";
import { READ_COLUMNS_PY } from "./reference";

// The workplace's validation data sits in ../shared/validation beside the project (or IMAGENOT_VALIDATION_DIR).
const VALIDATION_DIR =
  process.env.IMAGENOT_VALIDATION_DIR ?? join(__dirname, "..", "..", "..", "shared", "validation");
const TIMM_CSV = join(VALIDATION_DIR, "timm_imagenet_vs_imagenetv2.csv");
const skip = existsSync(TIMM_CSV)
  ? false
  : `${TIMM_CSV} is not here (validation data is not shipped with the project)`;

test(
  "timm: ImageNet vs ImageNetV2 top-1, rank correlations and the probit fit, match scipy to 1e-9",
  { skip },
  () => {
    const table = readCsv(TIMM_CSV);
    const rows = table.rows.filter((r) => r.imagenet_top1 !== "" && r.imagenetv2_mf_top1 !== "");
    const x = rows.map((r) => Number(r.imagenet_top1));
    const y = rows.map((r) => Number(r.imagenetv2_mf_top1));
    const want = python<{
      n: number;
      tau: number;
      rho: number;
      r: number;
      slope: number;
      intercept: number;
      r2: number;
      se: number;
    }>(
      `${READ_COLUMNS_PY}from scipy import stats
import numpy as np
h, c = read_columns(INPUT)
p = paired(c, 'imagenet_top1', 'imagenetv2_mf_top1')
x, y = np.array([a for a, _ in p]), np.array([b for _, b in p])
f = stats.linregress(stats.norm.ppf(x / 100), stats.norm.ppf(y / 100))
print(json.dumps(dict(n=len(p), tau=stats.kendalltau(x, y).statistic, rho=stats.spearmanr(x, y).statistic, r=stats.pearsonr(x, y).statistic,
                      slope=f.slope, intercept=f.intercept, r2=f.rvalue ** 2, se=f.stderr)))`,
      TIMM_CSV,
    );
    assert.equal(x.length, want.n);
    assertClose(kendallTauB(x, y), want.tau, 1e-9, "tau-b");
    assertClose(spearman(x, y), want.rho, 1e-9, "rho");
    assertClose(pearson(x, y), want.r, 1e-9, "r");
    const fit = linearFit(x, y, { scale: "probit" });
    assertClose(fit.slope, want.slope, 1e-9, "probit slope");
    assertClose(fit.intercept, want.intercept, 1e-9, "probit intercept");
    assertClose(fit.r2, want.r2, 1e-9, "probit R²");
    assertClose(fit.slopeSE, want.se, 1e-9, "probit slope SE");
    const cli = runCli([
      "analyze",
      TIMM_CSV,
      "--x",
      "imagenet_top1",
      "--y",
      "imagenetv2_mf_top1",
      "--scale",
      "probit",
      "--json",
    ]);
    assert.equal(cli.code, 0, cli.stderr);
    const report = JSON.parse(cli.stdout);
    assert.equal(report.n, want.n);
    assertClose(report.kendall_tau_b, want.tau, 1e-9, "analyze tau-b");
    assertClose(report.fit.slope, want.slope, 1e-9, "analyze slope");
  },
);
