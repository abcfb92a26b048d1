import * as tf from "@tensorflow/tfjs";
import assert from "node:assert/strict";
import { before, test } from "node:test";
import { train, type TrainConfig } from "../../src/train/trainer";
import { loadModel } from "../../src/models/weights-io";
import { tempDir, tinyDataset, tinyModel, weightValues } from "./fixtures";

let source = "";
/** The source run's saved backbone weights, in order: all but the 3-class head's (the only ones 3 wide). */
let saved: Float32Array[] = [];

before(async () => {
  await tf.setBackend("cpu");
  source = tempDir();
  await train({
    arch: "tiny",
    model: tinyModel(3),
    dataset: tinyDataset(3),
    epochs: 1,
    batchSize: 8,
    seed: 1,
    out: source,
    backend: "cpu",
    progress: false,
  });
  const weights = (await loadModel(source)).weights;
  saved = weights
    .filter((w) => w.shape[w.shape.length - 1] !== 3)
    .map((w) => w.read().dataSync() as Float32Array);
  assert.equal(saved.length, weights.length - 2);
});

/** The tiny model's head: its last layer, the Dense giving the logits. */
function lastLayer(model: tf.LayersModel): tf.layers.Layer {
  return model.layers[model.layers.length - 1];
}

/** Fine-tunes a fresh 2-class tiny model from the 3-class run; returns the model and its head's initial values. */
async function fineTune(backbone: "frozen" | { lr: number }, over: Partial<TrainConfig> = {}) {
  const model = tinyModel(2, 9);
  const headInit = lastLayer(model).weights.map((w) => w.read().dataSync().slice());
  await train({
    arch: "tiny",
    model,
    dataset: tinyDataset(2, 48, 24, 11),
    epochs: 2,
    batchSize: 8,
    lr: 0.05,
    seed: 2,
    out: tempDir(),
    backend: "cpu",
    progress: false,
    fineTune: { from: source, backbone },
    ...over,
  });
  return { model, headInit };
}

function headAndBackbone(model: tf.LayersModel) {
  const head = new Set(lastLayer(model).weights);
  const values = weightValues(model);
  return {
    head: values.filter((_, i) => head.has(model.weights[i])),
    backbone: values.filter((_, i) => !head.has(model.weights[i])),
  };
}

test("a frozen backbone keeps the saved weights (batch-norm statistics too) while a new head trains", async () => {
  const { model, headInit } = await fineTune("frozen");
  const { head, backbone } = headAndBackbone(model);
  assert.equal(backbone.length, saved.length);
  backbone.forEach((w, i) => assert.deepEqual(w, saved[i], `backbone weight #${i}`));
  assert.deepEqual(
    lastLayer(model).weights.map((w) => w.shape[w.shape.length - 1]),
    [2, 2],
  );
  head.forEach((w, i) => assert.notDeepEqual(w, headInit[i], "head weight did not train"));
});

test("a backbone with its own learning rate trains; at rate 0 it stays as saved", async () => {
  const moving = headAndBackbone((await fineTune({ lr: 0.05 })).model).backbone;
  assert.notDeepEqual(moving[0], saved[0]);
  // With rate 0 and no weight decay the trainable backbone weights stay put (the batch-norm statistics,
  // updated in training mode, may not).
  const still = await fineTune({ lr: 0 }, { weightDecay: 0 });
  const head = new Set(lastLayer(still.model).weights);
  const trainable = new Set(still.model.trainableWeights);
  const backbone = still.model.weights.filter((w) => !head.has(w));
  backbone.forEach((w, i) => {
    if (trainable.has(w)) assert.deepEqual(w.read().dataSync(), saved[i], w.name);
  });
});

test("keeping the old head for another class count fails naming the weight and shapes", async () => {
  await assert.rejects(
    fineTune("frozen", { fineTune: { from: source, backbone: "frozen", newHead: false } }),
    /weight #\d+ .* has shape \[\d+,3\], the model's .* has \[\d+,2\]/,
  );
});

/** A tiny two-output model: the logits, and an auxiliary classifier on the convolution features. */
function twoHeaded(numClasses: number, seed: number): tf.LayersModel {
  const input = tf.input({ shape: [6, 6, 1] });
  const features = tf.layers.flatten().apply(
    tf.layers
      .conv2d({
        filters: 3,
        kernelSize: 3,
        activation: "relu",
        kernelInitializer: tf.initializers.glorotUniform({ seed }),
      })
      .apply(input),
  ) as tf.SymbolicTensor;
  const logits = tf.layers
    .dense({
      units: numClasses,
      name: "fc",
      kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 1 }),
    })
    .apply(features) as tf.SymbolicTensor;
  const aux = tf.layers
    .dense({
      units: numClasses,
      name: "aux_fc",
      kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 2 }),
    })
    .apply(features) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: [logits, aux] });
}

test("an auxiliary output trains at its loss weight, and stays put at weight 0", async () => {
  const auxKernel = (m: tf.LayersModel) => m.getLayer("aux_fc").getWeights()[0].dataSync().slice();
  const run = async (auxLossWeight: number) => {
    const model = twoHeaded(3, 4);
    const before = auxKernel(model);
    await train({
      arch: "two",
      model,
      dataset: tinyDataset(3),
      epochs: 1,
      batchSize: 8,
      optimizer: "sgd",
      weightDecay: 0,
      auxLossWeight,
      out: tempDir(),
      backend: "cpu",
      progress: false,
    });
    return { before, after: auxKernel(model) };
  };
  const trained = await run(0.4);
  assert.notDeepEqual(trained.after, trained.before);
  const still = await run(0);
  assert.deepEqual(still.after, still.before);
});

test("fine-tuning gives every output a new head and keeps the rest of the saved model", async () => {
  const from = tempDir();
  const sourceModel = twoHeaded(3, 4);
  await train({
    arch: "two",
    model: sourceModel,
    dataset: tinyDataset(3),
    epochs: 1,
    batchSize: 8,
    out: from,
    backend: "cpu",
    progress: false,
  });
  const model = twoHeaded(2, 8);
  await train({
    arch: "two",
    model,
    dataset: tinyDataset(2),
    epochs: 1,
    batchSize: 8,
    out: tempDir(),
    backend: "cpu",
    progress: false,
    fineTune: { from, backbone: "frozen" },
  });
  const conv = (m: tf.LayersModel) => m.layers[1].getWeights().map((w) => w.dataSync());
  assert.deepEqual(conv(model), conv(await loadModel(from)));
  assert.deepEqual(model.getLayer("aux_fc").getWeights()[1].shape, [2]);
});
