import { before, test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { selectBackend } from "../../../src/engine/backend";

// One thread: what leaks is decided in JavaScript, the same for both builds, and a thousand steps of a
// tiny net run 3x faster without waking a thread pool for every small op.
before(() => selectBackend({ backend: "wasm", threads: 1 }));

test("a training step through every replaced kernel leaves no tensor behind on the wasm heap", async () => {
  await tf.setBackend("wasm");
  const x = tf.randomUniform([2, 12, 12, 3], 0, 1, "float32", 1);
  const w1 = tf.variable(tf.randomNormal([3, 3, 3, 4], 0, 0.3, "float32", 2));
  const w2 = tf.variable(tf.randomNormal([3, 3, 4, 2], 0, 0.3, "float32", 3));
  const w3 = tf.variable(tf.randomNormal([3 * 3 * 8, 5], 0, 0.3, "float32", 4));
  const step = () => {
    const { value, grads } = tf.variableGrads(() => {
      const a = tf.relu(tf.conv2d(x as tf.Tensor4D, w1 as tf.Tensor4D, 2, "same"));
      const b = tf.maxPool(tf.depthwiseConv2d(a, w2 as tf.Tensor4D, 1, "same"), 2, 2, "valid");
      return tf.sum(tf.matMul(tf.reshape(b, [2, -1]), w3));
    });
    tf.dispose([value, ...Object.values(grads)]);
  };
  step();
  const backend = tf.backend() as unknown as { numDataIds(): number };
  const before = { tensors: tf.memory().numTensors, data: backend.numDataIds() };
  for (let i = 0; i < 3; i++) step();
  assert.deepEqual({ tensors: tf.memory().numTensors, data: backend.numDataIds() }, before);
});

test("1,000 training steps of a small net on wasm keep the tensor count and the wasm heap flat", async () => {
  await tf.setBackend("wasm");
  // Every layer kind the zoo trains with: conv + BatchNorm, depthwise, max and average pooling, dense.
  const model = tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [8, 8, 1], filters: 4, kernelSize: 3, padding: "same" }),
      tf.layers.batchNormalization(),
      tf.layers.reLU(),
      tf.layers.depthwiseConv2d({ kernelSize: 3, strides: 2, padding: "same" }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.conv2d({ filters: 6, kernelSize: 1 }),
      tf.layers.globalAveragePooling2d({}),
      tf.layers.dense({ units: 3 }),
    ],
  });
  const optimizer = tf.train.adam(1e-3);
  const x = tf.randomUniform([4, 8, 8, 1], 0, 1, "float32", 5);
  const y = tf.oneHot(tf.tensor1d([0, 1, 2, 1], "int32"), 3);
  const step = () => {
    const loss = optimizer.minimize(
      () => tf.losses.softmaxCrossEntropy(y, model.apply(x, { training: true }) as tf.Tensor),
      true,
    );
    loss?.dataSync();
    loss?.dispose();
  };
  const backend = tf.backend() as unknown as { numDataIds(): number; wasm: { HEAPU8: Uint8Array } };
  // The optimizer makes its slot variables on the first step.
  for (let i = 0; i < 10; i++) step();
  const start = { tensors: tf.memory().numTensors, data: backend.numDataIds() };
  const counts: number[] = [];
  for (let i = 0; i < 1000; i++) {
    step();
    if (i % 100 === 99) counts.push(tf.memory().numTensors);
  }
  assert.deepEqual(counts, new Array(10).fill(start.tensors));
  assert.equal(backend.numDataIds(), start.data);
  tf.dispose([x, y]);
  model.dispose();
  optimizer.dispose();
});
