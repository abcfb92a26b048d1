/** Stub run records for the study's and the report's tests: no training, known numbers. */
import { recipe } from "../../src/train/recipes";
import type { RunRecord } from "../../src/train/run-record";
import { Rng } from "../../src/util/rng";

/** A finished record of `arch` on `dataset` with `acc` of `testCount` items right (drawn with `seed`). */
export function stubRecord(
  arch: string,
  dataset: string,
  acc: number,
  over: Partial<RunRecord> & { seed?: number } = {},
): RunRecord {
  const testCount = 200;
  const seed = over.seed ?? 0;
  const rng = new Rng(seed * 1000 + arch.length * 7 + dataset.length);
  const right = Math.round(acc * testCount);
  const order = rng.permutation(testCount);
  const correct = new Array<string>(testCount).fill("0");
  for (let i = 0; i < right; i++) correct[order[i]] = "1";
  return {
    status: "complete",
    arch,
    dataset,
    out: ".",
    datasetSource: "stub",
    numClasses: 10,
    trainCount: 100,
    testCount,
    params: 1000,
    config: { fineTune: null, modelGiven: false },
    recipe: { name: "resnet", overridden: [], ...recipe("resnet").workshop },
    seed,
    backend: { name: "cpu", reason: "stub", threads: 1, versions: {} },
    versions: { node: "x", tfjs: "x", "imagenot-lab": "x", backend: "cpu" },
    metrics: [
      {
        epoch: 1,
        trainLoss: acc < 0.15 ? 2.303 : 1.0,
        trainAcc: acc,
        testLoss: 1,
        testAcc: right / testCount,
        seconds: 1,
        imagesPerSecond: 100,
        lr: 0.01,
      },
    ],
    testCorrect: correct.join(""),
    finalTestAcc: right / testCount,
    confusion: null,
    startedAt: "2026-01-01T00:00:00Z",
    resumedAt: [],
    finishedAt: "2026-01-01T00:00:01Z",
    ...over,
  };
}

/** Four architectures on both datasets, two seeds each; AlexNet at chance on MNIST. */
export function stubStudy(): RunRecord[] {
  const accs: Record<string, [number, number]> = {
    alexnet: [0.1, 0.6],
    vgg19: [0.8, 0.7],
    resnet152: [0.9, 0.75],
    convnext_large: [0.95, 0.85],
  };
  return Object.entries(accs).flatMap(([arch, [a, b]]) =>
    [0, 1].flatMap((seed) => [
      stubRecord(arch, "mnist", a + seed * 0.01, { seed }),
      stubRecord(arch, "fashion-mnist", b - seed * 0.01, { seed }),
    ]),
  );
}
