import { before, test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { startWasm } from "./compare";

before(startWasm);

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
