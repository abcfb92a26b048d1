/** Test data for the widget views, with the fits computed independently by scipy. */
import { loadFigure1, loadTestbed } from "../../src/results/reference";
import type { StudyInput } from "../../widgets/interactive/study";
import type { FitLine, ScatterPair } from "../../widgets/views/scatter";
import { python } from "../helpers/python";

export interface ScipyReference {
  raw: FitLine;
  probit: FitLine;
  /** The textbook 95% OLS band of the raw fit on 41 points over [min x, max x]. */
  band: { x: number[]; lower: number[]; upper: number[] };
  /** norm.ppf of the x accuracies (percent / 100). */
  probitX: number[];
}

/** scipy's linregress on raw and probit scales and the band s·t·sqrt(1/n + (x - x̄)²/Sxx), for percent accuracies. */
export function scipyReference(x: number[], y: number[]): ScipyReference {
  return python<ScipyReference>(
    `
import numpy as np
from scipy import stats
x = np.array(INPUT["x"]); y = np.array(INPUT["y"])
def fit(x, y):
    r = stats.linregress(x, y)
    return dict(slope=r.slope, intercept=r.intercept, r2=r.rvalue**2, slopeSE=r.stderr, interceptSE=r.intercept_stderr)
raw = fit(x, y)
px, py = stats.norm.ppf(x / 100), stats.norm.ppf(y / 100)
n = len(x); resid = y - (raw["intercept"] + raw["slope"] * x); s = np.sqrt((resid**2).sum() / (n - 2))
g = np.linspace(x.min(), x.max(), 41); t = stats.t.ppf(0.975, n - 2)
half = t * s * np.sqrt(1 / n + (g - x.mean())**2 / ((x - x.mean())**2).sum())
mid = raw["intercept"] + raw["slope"] * g
print(json.dumps(dict(raw=raw, probit=fit(px, py), band=dict(x=g.tolist(), lower=(mid - half).tolist(), upper=(mid + half).tolist()), probitX=px.tolist())))
`,
    { x, y },
  );
}

/**
 * The nine architectures' ImageNet top-1 (x) against top-5 (y), both published. ImageNot accuracies are not
 * published, and the views only need a pair with noise, so this stands in for dataset A vs dataset B.
 */
export function top1VsTop5(): { pair: ScatterPair; reference: ScipyReference } {
  const rows = loadFigure1().rows;
  const points = rows.map((r) => ({ model: r.model, x: r.imagenetTop1, y: r.imagenetTop5 }));
  const reference = scipyReference(
    points.map((p) => p.x),
    points.map((p) => p.y),
  );
  return {
    pair: {
      xName: "top-1",
      yName: "top-5",
      points,
      fits: { raw: reference.raw, probit: reference.probit },
    },
    reference,
  };
}

/** ImageNet val vs ImageNetV2 top-1 of eight torchvision/timm models in release order, from the Taori et al.
 * testbed. */
export function testbedStudy(): StudyInput {
  const order = [
    "alexnet",
    "vgg19",
    "resnet18",
    "resnet50",
    "resnet152",
    "densenet161",
    "mobilenet_v2",
    "vit_base_patch16_224",
  ];
  const rows = new Map(loadTestbed().rows.map((r) => [r.model, r.top1]));
  const get = (m: string, set: string) => {
    const v = rows.get(m)?.[set];
    if (typeof v !== "number") throw new Error(`testbed has no ${set} accuracy for ${m}`);
    return v;
  };
  return {
    models: order,
    xName: "ImageNet",
    yName: "ImageNetV2",
    x: order.map((m) => get(m, "val")),
    y: order.map((m) => get(m, "imagenetv2-matched-frequency")),
  };
}
