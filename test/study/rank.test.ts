import assert from "node:assert/strict";
import { test } from "node:test";
import { rankRuns } from "../../src/study/rank";
import { studyPlan } from "../../src/study/plan";
import { python } from "../helpers/python";
import { stubRecord, stubStudy } from "./fixtures";

test("rankRuns: means and spreads over seeds, tau-b as scipy's, with and without runs that did not learn", () => {
  const ranking = rankRuns(stubStudy(), { resamples: 200 });
  const all = ranking.all!;
  assert.deepEqual(all.models, ["AlexNet", "VGG-19", "ResNet-152", "ConvNeXt Large"]);
  const alex = ranking.spread[0];
  assert.equal(alex.a.seeds, 2);
  assert.ok(Math.abs(alex.a.mean - 0.105) < 1e-9, `AlexNet mean ${alex.a.mean}`);
  assert.ok(Math.abs(alex.a.sd - Math.sqrt(0.00005)) < 1e-9, `AlexNet sd ${alex.a.sd}`);
  const tau = python<number>(
    "from scipy.stats import kendalltau\nprint(json.dumps(kendalltau(INPUT[0], INPUT[1]).statistic))",
    [all.x, all.y],
  );
  assert.ok(Math.abs(all.kendallTauB - tau) < 1e-12);
  const ci = all.kendallTauBInterval!;
  assert.ok(ci.lo <= all.kendallTauB && all.kendallTauB <= ci.hi, JSON.stringify([ci.lo, ci.hi]));
  // AlexNet stayed at chance on MNIST: out of the learned-only statistics, and the baseline is flagged.
  assert.deepEqual(ranking.learnedOnly!.models, ["VGG-19", "ResNet-152", "ConvNeXt Large"]);
  assert.equal(ranking.notLearned.length, 2);
  assert.equal(ranking.improvement!.baselineLearned, false);
});

test("rankRuns pairs only from-scratch runs of one recipe", () => {
  const records = [
    ...stubStudy(),
    stubRecord("vgg19", "fashion-mnist", 0.99, {
      seed: 5,
      config: { fineTune: { from: "../x", backbone: "frozen" }, modelGiven: false },
    }),
    stubRecord("vgg19", "mnist", 0.99, { seed: 6, recipe: undefined }),
  ];
  const ranking = rankRuns(records, { resamples: 10 });
  assert.deepEqual(
    ranking.unpaired.map((u) => u.reason),
    ["not trained from scratch", "recipe unrecorded, paired runs use resnet"],
  );
  assert.equal(ranking.spread.find((s) => s.model === "VGG-19")!.a.seeds, 2);
});

test("studyPlan lists every (dataset, architecture, seed) with its family recipe and own folder", () => {
  const plan = studyPlan({ quick: true, out: "o", seeds: 2, archs: ["alexnet", "resnet152"] });
  assert.equal(plan.length, 2 * 2 * 2);
  assert.deepEqual(
    plan.slice(0, 2).map((s) => [s.arch, s.dataset, s.seed, s.recipe, s.out]),
    [
      ["alexnet", "mnist", 0, "alexnet", "o/runs/mnist/alexnet/seed0"],
      ["alexnet", "mnist", 1, "alexnet", "o/runs/mnist/alexnet/seed1"],
    ],
  );
  assert.equal(new Set(plan.map((s) => s.dataSeed)).size, 1, "every run tests on the same items");
  assert.throws(() => studyPlan({ quick: true, out: "o", seeds: 0 }), /seeds must be/);
});
