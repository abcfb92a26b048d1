import { test } from "node:test";
import assert from "node:assert/strict";
import { decide } from "../../src/choose/decision";
import { benchmarkStanding } from "../../src/choose/standing";
import { execFileSync } from "node:child_process";
import { ROOT } from "../helpers/cli";
import { python } from "../helpers/python";

/** n test images with the first k right. */
const correct = (k: number, n: number) => "1".repeat(k) + "0".repeat(n - k);

test("benchmark standing: ImageNet top-1 rank among the nine, ImageNot digitised", () => {
  const { rows, source } = benchmarkStanding(["alexnet", "efficientnet_v2_l", "resnet152"]);
  assert.deepEqual(
    rows.map((r) => r.benchmarkRank),
    [9, 1, 4],
  );
  assert.equal(rows[0].imagenetTop1, 56.522);
  assert.equal(rows[1].provenance.imagenotImprovement, "digitised");
  assert.match(source, /torchvision/);
});

test("decide: table, front, recommendation, tau-b with a bootstrap interval, notes", () => {
  const n = 40;
  const d = decide(
    [
      {
        arch: "alexnet",
        testCorrect: correct(14, n),
        params: 1,
        macs: 10,
        latencyMs: 1,
        trainImgPerS: 100,
      },
      {
        arch: "resnet152",
        testCorrect: correct(30, n),
        params: 2,
        macs: 20,
        latencyMs: 4,
        trainImgPerS: 50,
      },
      {
        arch: "convnext_large",
        testCorrect: correct(31, n),
        params: 3,
        macs: 5,
        latencyMs: 8,
        trainImgPerS: 20,
      },
    ],
    { arch: "resnet152", testCorrect: correct(12, n) },
    { weight: 0.5 },
  );
  assert.deepEqual(
    d.candidates.map((c) => c.accuracy),
    [0.35, 0.75, 0.775],
  );
  assert.deepEqual(d.front, ["alexnet", "resnet152", "convnext_large"]);
  // acc scaled over [0.35, 0.775]: 0, 0.941, 1; latency over [1, 8]: 0, 3/7, 1 -> resnet152 0.256 wins.
  assert.equal(d.recommendation.arch, "resnet152");
  assert.deepEqual(d.withinIntervals, ["convnext_large", "resnet152"]);
  assert.match(d.notes[0], /ConvNeXt Large, ResNet-152 lie within the 95% interval/);
  assert.match(
    d.notes.join(" "),
    /Pretraining helped ResNet-152: 75\.0% fine-tuned against 30\.0%/,
  );
  // Benchmark order alexnet < resnet152 < convnext_large matches the accuracies: tau-b = 1.
  assert.equal(d.tauB.tauB, 1);
  assert.ok(d.tauB.lo <= 1 && d.tauB.hi === 1 && d.tauB.lo > -1);
  // The interval against scipy's own percentile bootstrap would need the same draws; check it is a
  // real interval instead: resampling the 40 images can swap resnet152 and convnext_large.
  assert.ok(d.tauB.lo < 1, `lo ${d.tauB.lo}`);
  assert.equal(d.baseline?.accuracy, 0.3);
  const ref = python<number>(
    `from scipy.stats import kendalltau
print(json.dumps(kendalltau([56.522, 78.312, 84.414], [0.35, 0.75, 0.775]).statistic))`,
  );
  assert.equal(d.tauB.tauB, ref);
});

test("decide refuses candidates tested on different images", () => {
  const base = { params: 1, macs: 1, latencyMs: 1, trainImgPerS: 1 };
  assert.throws(
    () =>
      decide([
        { ...base, arch: "alexnet", testCorrect: "101" },
        { ...base, arch: "vgg19", testCorrect: "10" },
      ]),
    /different numbers of images/,
  );
});

test("the decision logic and its report load no TensorFlow", () => {
  const code =
    'require("./src/choose/index.ts"); require("./app/report/decision.ts");' +
    'console.log(Object.keys(require.cache).filter((k) => k.includes("@tensorflow")).length)';
  const out = execFileSync(process.execPath, ["--import", "tsx", "-e", code], {
    cwd: ROOT,
    encoding: "utf8",
  });
  assert.equal(out.trim(), "0");
});
