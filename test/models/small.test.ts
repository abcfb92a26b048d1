/** Workshop-scale models: shapes at both small inputs, seeded reproducibility, and that a few optimiser
 * steps lower the loss on a small fixed batch. Runs on the engine's wasm backend with its training kernels
 * (the pure-JS cpu backend's Conv2DBackpropFilter takes ~40 s per step even for the small AlexNet). */
import { test, before } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { selectBackend } from "../../src/engine/backend";
import { buildModel, defaultConfig, trainableParams } from "../../src/models/registry";
import { ARCHITECTURES } from "../../src/models/facts";
import { Rng } from "../../src/util/rng";

before(async () => {
  await selectBackend({ backend: "wasm" });
});

function logitsOf(out: tf.Tensor | tf.Tensor[]): tf.Tensor {
  return Array.isArray(out) ? out[0] : out;
}

/** A learnable fixed batch of n 28x28x1 images: image i has label i mod 4 and a bright quadrant chosen by
 * its label, over seeded noise (pure noise would pool to near-identical features in the shallow nets). */
function quadrantBatch(n: number, seed: number): { x: tf.Tensor4D; y: tf.Tensor2D } {
  const rng = new Rng(seed);
  const side = 28;
  const pixels = new Float32Array(n * side * side);
  for (let k = 0; k < n; k++) {
    for (let i = 0; i < side; i++) {
      for (let j = 0; j < side; j++) {
        const quadrant = (i < side / 2 ? 0 : 2) + (j < side / 2 ? 0 : 1);
        pixels[(k * side + i) * side + j] = 0.3 * rng.next() + (quadrant === k % 4 ? 0.7 : 0);
      }
    }
  }
  const labels = Int32Array.from({ length: n }, (_, i) => i % 4);
  return {
    x: tf.tensor4d(pixels, [n, side, side, 1]),
    y: tf.oneHot(tf.tensor1d(labels, "int32"), 4) as tf.Tensor2D,
  };
}

for (const id of ARCHITECTURES) {
  test(`${id} small: logits shape at 28x28x1 (7 classes) and 32x32x3 (10 classes), 0.05-1M parameters`, () => {
    for (const [shape, classes] of [
      [[28, 28, 1], 7],
      [[32, 32, 3], 10],
    ] as [[number, number, number], number][]) {
      const model = buildModel(id, {
        scale: "small",
        inputShape: shape,
        numClasses: classes,
        seed: 1,
      });
      const x = tf.zeros([2, ...shape]);
      const out = model.predict(x) as tf.Tensor | tf.Tensor[];
      assert.deepEqual(logitsOf(out).shape, [2, classes]);
      const params = trainableParams(model);
      assert.ok(params >= 50_000 && params <= 1_000_000, `${id}: ${params} parameters`);
      tf.dispose([x, out]);
      model.dispose();
    }
  });

  test(`${id} small: the same seed gives bit-identical weights, another seed different ones`, () => {
    const weights = (seed: number) => {
      const model = buildModel(id, { scale: "small", seed });
      const values = model
        .getWeights()
        .map((w) => Buffer.from((w.dataSync() as Float32Array).buffer).toString("base64"));
      model.dispose();
      return values;
    };
    const a = weights(7);
    assert.deepEqual(weights(7), a);
    const b = weights(8);
    assert.notDeepEqual(b, a);
  });

  test(`${id} small: ten Adam steps lower the training loss on a fixed batch`, () => {
    // Dropout off: the test asks whether gradients flow through every layer, not how well noise is tolerated.
    const config = "dropout" in defaultConfig(id, "small") ? { dropout: 0 } : {};
    const model = buildModel(id, {
      scale: "small",
      inputShape: [28, 28, 1],
      numClasses: 4,
      seed: 3,
      config,
    });
    const { x, y } = quadrantBatch(8, 11);
    const optimizer = tf.train.adam(2e-3);
    const losses: number[] = [];
    for (let step = 0; step < 10; step++) {
      const loss = optimizer.minimize(
        () =>
          tf.losses.softmaxCrossEntropy(
            y,
            logitsOf(model.apply(x, { training: true }) as tf.Tensor) as tf.Tensor2D,
          ) as tf.Scalar,
        true,
      );
      losses.push(loss!.dataSync()[0]);
      loss!.dispose();
    }
    assert.ok(losses.every(Number.isFinite), `${id}: losses ${losses}`);
    const head = (losses[0] + losses[1]) / 2;
    const tail = (losses[8] + losses[9]) / 2;
    assert.ok(tail < 0.8 * head, `${id}: losses ${losses.map((l) => l.toFixed(3)).join(", ")}`);
    optimizer.dispose();
    tf.dispose([x, y]);
    model.dispose();
  });
}
