import * as tf from "@tensorflow/tfjs";
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { before, test } from "node:test";
import { loadLatestCheckpoint } from "../../src/train/checkpoint";
import { readRunRecord } from "../../src/train/run-record";
import { train, TrainingStopped, type TrainConfig } from "../../src/train/trainer";
import { tempDir, tinyDataset, tinyModel, weightValues } from "./fixtures";

before(async () => {
  await tf.setBackend("cpu");
});

const base = (out: string, over: Partial<TrainConfig> = {}): TrainConfig => ({
  arch: "tiny",
  model: tinyModel(3, 1, true),
  dataset: tinyDataset(),
  epochs: 3,
  batchSize: 8,
  lr: 0.01,
  optimizer: "momentum",
  lrSchedule: "cosine",
  warmupEpochs: 0.5,
  seed: 5,
  out,
  backend: "cpu",
  progress: false,
  ...over,
});

const numbers = (r: {
  metrics: { trainLoss: number; trainAcc: number; testAcc: number; lr: number }[];
}) =>
  r.metrics.map(({ trainLoss, trainAcc, testAcc, lr }) => ({ trainLoss, trainAcc, testAcc, lr }));

test("a run stopped mid-epoch saves where it was and resumes to the uninterrupted run's record", async () => {
  const straight = base(tempDir());
  const whole = await train(straight);

  const out = tempDir();
  const stop = new AbortController();
  const stopped = base(out, {
    stop: stop.signal,
    onProgress: (p) => {
      if (p.epoch === 2 && p.step === 3) stop.abort();
    },
  });
  const err = await train(stopped).catch((e: unknown) => e);
  assert.ok(err instanceof TrainingStopped, `expected TrainingStopped, got ${err}`);
  assert.deepEqual([err.epoch, err.step], [2, 3]);
  assert.deepEqual(readdirSync(join(out, "checkpoints")), ["epoch-0001-step-0000003"]);
  const ckpt = (await loadLatestCheckpoint(out))!;
  tf.dispose(ckpt.weights.map((w) => w.tensor));
  assert.equal(ckpt.epoch, 1);
  assert.equal(ckpt.step, 6 + 3);
  assert.equal(ckpt.partial?.steps, 3);
  assert.equal(readRunRecord(out).status, "running");

  // Stopped a second time, right after resuming (before any step), then resumed to the end.
  const again = new AbortController();
  again.abort();
  await assert.rejects(
    train(base(out, { model: tinyModel(3, 42, true), resume: true, stop: again.signal })),
    TrainingStopped,
  );
  const resumed = base(out, {
    model: tinyModel(3, 99, true),
    dataset: tinyDataset(),
    resume: true,
  });
  const rest = await train(resumed);
  assert.deepEqual(numbers(rest), numbers(whole));
  assert.equal(rest.testCorrect, whole.testCorrect);
  assert.deepEqual(weightValues(resumed.model!), weightValues(straight.model!));
  assert.equal(rest.status, "complete");
  // Both resumes are on record, though the first stopped before an epoch ended.
  assert.equal(rest.resumedAt.length, 2);
});

test("resuming a finished run trains and evaluates nothing and leaves its record as it was", async () => {
  const out = tempDir();
  const first = await train(base(out, { epochs: 1 }));
  let steps = 0;
  const again = await train(base(out, { epochs: 1, resume: true, onProgress: () => steps++ }));
  assert.equal(steps, 0);
  assert.deepEqual(again, JSON.parse(JSON.stringify(first)));
  assert.deepEqual(readRunRecord(out).resumedAt, []);
  // Other settings still train (and are refused by the checkpoint check, as before).
  await assert.rejects(train(base(out, { epochs: 1, lr: 0.5, resume: true })), /other settings/);
});
