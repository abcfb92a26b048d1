import * as tf from "@tensorflow/tfjs";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { before, test } from "node:test";
import { loadModel } from "../../src/models/weights-io";
import { loadLatestCheckpoint } from "../../src/train/checkpoint";
import { readRunRecord } from "../../src/train/run-record";
import { train, type TrainConfig } from "../../src/train/trainer";
import { recipe, recipeFor } from "../../src/train/recipes";
import { WorkError } from "../../src/errors";
import { tempDir, tinyDataset, tinyModel, weightValues } from "./fixtures";

before(async () => {
  await tf.setBackend("cpu");
});

/** The numbers of a run that must not depend on timing. */
function numbers(
  metrics: {
    epoch: number;
    trainLoss: number;
    trainAcc: number;
    testLoss: number;
    testAcc: number;
    lr: number;
  }[],
) {
  return metrics.map(({ epoch, trainLoss, trainAcc, testLoss, testAcc, lr }) => ({
    epoch,
    trainLoss,
    trainAcc,
    testLoss,
    testAcc,
    lr,
  }));
}

const base = (out: string, over: Partial<TrainConfig> = {}): TrainConfig => ({
  arch: "tiny",
  model: tinyModel(),
  dataset: tinyDataset(),
  epochs: 3,
  batchSize: 8,
  lr: 0.01,
  optimizer: "adam",
  lrSchedule: "cosine",
  warmupEpochs: 0.5,
  weightDecay: 1e-3,
  seed: 5,
  out,
  backend: "cpu",
  progress: false,
  ...over,
});

test("same seed and backend give the same metrics and weights; another seed does not", async () => {
  const a = base(tempDir()),
    b = base(tempDir()),
    c = base(tempDir(), { seed: 6 });
  const [ra, rb, rc] = [await train(a), await train(b), await train(c)];
  assert.deepEqual(numbers(ra.metrics), numbers(rb.metrics));
  assert.equal(ra.testCorrect, rb.testCorrect);
  assert.deepEqual(weightValues(a.model!), weightValues(b.model!));
  assert.notDeepEqual(numbers(ra.metrics), numbers(rc.metrics));
});

for (const [optimizer, zooDropout] of [
  ["adam", false],
  ["momentum", false],
  ["sgd", true],
  ["rmsprop", false],
  ["adamw", false],
] as const) {
  test(`a run killed after epoch 1 and resumed ends like an unbroken one (${optimizer}, ${zooDropout ? "zoo" : "tfjs"} dropout)`, async () => {
    const labelSmoothing = optimizer === "adamw" ? 0.1 : 0;
    const straight = base(tempDir(), {
      optimizer,
      labelSmoothing,
      model: tinyModel(3, 1, zooDropout),
      lrSchedule: { name: "step", stepEpochs: 1, gamma: 0.5 },
    });
    const whole = await train(straight);

    const out = tempDir();
    const killed = base(out, {
      optimizer,
      labelSmoothing,
      model: tinyModel(3, 1, zooDropout),
      lrSchedule: { name: "step", stepEpochs: 1, gamma: 0.5 },
      onEpoch: (m) => {
        if (m.epoch === 1) throw new Error("killed");
      },
    });
    await assert.rejects(train(killed), /killed/);
    assert.equal((await loadLatestCheckpoint(out))?.epoch, 1);
    assert.equal(readRunRecord(out).status, "running");

    // Everything rebuilt; the model's own initial weights differ, so what matters comes from the checkpoint.
    const resumed = base(out, {
      optimizer,
      labelSmoothing,
      lrSchedule: { name: "step", stepEpochs: 1, gamma: 0.5 },
      model: tinyModel(3, 99, zooDropout),
      dataset: tinyDataset(),
      resume: true,
    });
    const rest = await train(resumed);
    assert.deepEqual(numbers(rest.metrics), numbers(whole.metrics));
    assert.equal(rest.testCorrect, whole.testCorrect);
    assert.deepEqual(weightValues(resumed.model!), weightValues(straight.model!));
    assert.equal(rest.resumedAt.length, 1);
  });
}

test("resuming with other settings is refused", async () => {
  const out = tempDir();
  await train(base(out, { epochs: 1 }));
  await assert.rejects(train(base(out, { epochs: 1, lr: 0.5, resume: true })), /other settings/);
});

test("a NaN or infinite loss stops the run naming epoch and step, saving nothing", async () => {
  const out = tempDir();
  const err = await train(
    base(out, {
      optimizer: "sgd",
      lr: 1e30,
      weightDecay: 0,
      lrSchedule: "constant",
      warmupEpochs: 0,
    }),
  ).then(
    () => undefined,
    (e: unknown) => e,
  );
  assert.ok(err instanceof WorkError, `expected a WorkError, got ${err}`);
  assert.match(err.message, /loss is (NaN|Infinity|-Infinity) at epoch 1, step \d+ of 6/);
  assert.equal(existsSync(join(out, "checkpoints")), false);
  assert.equal(existsSync(join(out, "run.json")), false);
});

test("run.json records config, software, metrics and per-example results that match the saved model", async () => {
  const out = tempDir();
  const data = tinyDataset();
  const record = await train(base(out, { dataset: data, epochs: 2 }));
  const onDisk = JSON.parse(readFileSync(join(out, "run.json"), "utf8"));
  assert.deepEqual(onDisk, JSON.parse(JSON.stringify(record)));
  assert.equal(onDisk.status, "complete");
  assert.equal(onDisk.arch, "tiny");
  assert.equal(onDisk.dataset, "tiny");
  assert.equal(onDisk.seed, 5);
  assert.equal(onDisk.config.optimizer, "adam");
  assert.equal(onDisk.config.batchSize, 8);
  assert.equal(onDisk.backend.name, "cpu");
  assert.equal(onDisk.versions.node, process.versions.node);
  assert.equal(onDisk.versions.tfjs, tf.version.tfjs);
  assert.equal(
    onDisk.versions["imagenot-lab"],
    JSON.parse(readFileSync(join(__dirname, "../../package.json"), "utf8")).version,
  );
  assert.deepEqual(
    onDisk.metrics.map((m: { epoch: number }) => m.epoch),
    [1, 2],
  );
  for (const k of ["trainLoss", "trainAcc", "testLoss", "testAcc", "seconds"])
    assert.equal(typeof onDisk.metrics[0][k], "number");
  assert.ok(Date.parse(onDisk.startedAt) <= Date.parse(onDisk.finishedAt));

  // Per-example correctness, recomputed with model.predict on the model the run saved.
  const fresh = await loadModel(out);
  const all = await data.test.batch(Array.from({ length: data.test.count }, (_, i) => i));
  const preds = (fresh.predict(tf.tensor4d(all.x, [data.test.count, 6, 6, 1])) as tf.Tensor)
    .argMax(1)
    .dataSync();
  const expected = Array.from(preds, (p, i) => (p === all.y[i] ? "1" : "0")).join("");
  assert.equal(onDisk.testCorrect, expected);
  assert.equal(
    onDisk.finalTestAcc,
    [...expected].filter((c) => c === "1").length / data.test.count,
  );
  assert.equal(onDisk.metrics[1].testAcc, onDisk.finalTestAcc);
  const confusion = onDisk.confusion as number[][];
  for (let t = 0; t < 3; t++)
    for (let p = 0; p < 3; p++) {
      const count = Array.from(preds).filter((q, i) => all.y[i] === t && q === p).length;
      assert.equal(confusion[t][p], count, `confusion[${t}][${p}]`);
    }
});

test("progress and epoch callbacks report every step and epoch", async () => {
  const steps: number[] = [],
    epochs: number[] = [];
  await train(
    base(tempDir(), {
      epochs: 2,
      onProgress: (p) => steps.push(p.step),
      onEpoch: (m) => epochs.push(m.epoch),
    }),
  );
  assert.deepEqual(steps, [1, 2, 3, 4, 5, 6, 1, 2, 3, 4, 5, 6]);
  assert.deepEqual(epochs, [1, 2]);
});

test("training, resuming and fine-tuning leave no tensors behind", async () => {
  const out = tempDir();
  // Configs first: each builds a model, whose weights are meant to stay.
  const first = base(out, { model: tinyModel(3, 1, true), epochs: 1 });
  const again = base(out, { model: first.model, epochs: 1, resume: true });
  const tune = base(tempDir(), {
    model: tinyModel(2, 3),
    dataset: tinyDataset(2),
    epochs: 1,
    fineTune: { from: out, backbone: { lr: 0.1 } },
  });
  const before = tf.memory().numTensors;
  await train(first);
  await train(again);
  await train(tune);
  assert.equal(tf.memory().numTensors, before);
});

test("a run takes its recipe's settings; explicit settings override single fields", async () => {
  assert.equal(recipeFor("resnet152"), "resnet", "a zoo architecture defaults to its family's");
  const out = tempDir();
  const record = await train({
    arch: "tiny",
    model: tinyModel(),
    recipe: "vit",
    dataset: tinyDataset(),
    epochs: 1,
    batchSize: 8,
    out,
    backend: "cpu",
    progress: false,
  });
  const vit = recipe("vit").workshop;
  assert.equal(record.recipe?.name, "vit");
  assert.deepEqual(record.recipe?.overridden, ["batchSize"]);
  assert.equal(record.recipe?.optimizer, "adamw");
  assert.equal(record.recipe?.labelSmoothing, vit.labelSmoothing);
  // The recipe's rate, scaled linearly from its batch to 8.
  assert.equal(record.recipe?.lr, (vit.lr * 8) / vit.batchSize);
  assert.equal(record.out, ".");
  assert.equal(typeof record.learned, "boolean");
  assert.ok(record.learnedReason);
  assert.ok(!JSON.stringify(record).includes(out), "the record names no absolute path");
});
