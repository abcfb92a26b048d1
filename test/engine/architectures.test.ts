import { before, test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { selectBackend } from "../../src/engine/backend";
import { buildModel } from "../../src/models/registry";
import { ARCHITECTURES } from "../../src/models/facts";

before(async () => {
  await selectBackend({ backend: "wasm" });
});

/** Loss and per-weight gradients of one training step (batch 2, 32x32x3, small scale) on `backend`. */
async function trainingGradients(
  backend: "cpu" | "wasm",
  id: string,
): Promise<{ loss: number; grads: Map<string, Float32Array> }> {
  await tf.setBackend(backend);
  const model = buildModel(id, { scale: "small", seed: 3 });
  const x = tf.randomUniform([2, 32, 32, 3], 0, 1, "float32", 5);
  const y = tf.oneHot(tf.tensor1d([1, 7], "int32"), 10);
  const weights = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const { value, grads } = tf.variableGrads(() => {
    const out = model.apply(x, { training: true });
    return tf.losses.softmaxCrossEntropy(
      y,
      (Array.isArray(out) ? out[0] : out) as tf.Tensor,
    ) as tf.Scalar;
  }, weights);
  // Keyed by position and the name without tfjs's per-build counter suffix ("kernel_2"), equal in both builds.
  const result = {
    loss: value.dataSync()[0],
    grads: new Map(
      weights.map((w, i) => [
        `${i} ${w.name.replace(/_\d+$/, "")}`,
        grads[w.name].dataSync() as Float32Array,
      ]),
    ),
  };
  tf.dispose([x, y, value, ...Object.values(grads)]);
  model.dispose();
  return result;
}

// A kernel the wasm backend lacks fails the step with "Kernel '...' not registered for backend 'wasm'".
for (const id of ARCHITECTURES) {
  test(`${id} (small scale) takes a training step on wasm with finite gradients for every weight`, async () => {
    const { loss, grads } = await trainingGradients("wasm", id);
    assert.ok(Number.isFinite(loss), "loss is finite");
    for (const [name, g] of grads)
      assert.ok(g.every(Number.isFinite), `finite gradient for ${name}`);
  });
}

// Depthwise and strided convolutions, pooling, BatchNorm and LayerNorm: whole-model gradients against the cpu backend.
for (const id of ["mobilenet_v3_large", "resnet152", "convnext_large"]) {
  test(`${id} (small scale): every weight's gradient on wasm equals the cpu backend's`, async () => {
    const ref = await trainingGradients("cpu", id);
    const got = await trainingGradients("wasm", id);
    assert.ok(
      Math.abs(got.loss - ref.loss) <= 1e-4 * Math.abs(ref.loss),
      `loss ${got.loss} vs ${ref.loss}`,
    );
    for (const [name, r] of ref.grads) {
      const g = got.grads.get(name);
      assert.ok(g && g.length === r.length, `gradient for ${name}`);
      let scale = 0,
        err = 0;
      for (let k = 0; k < r.length; k++) {
        scale = Math.max(scale, Math.abs(r[k]));
        err = Math.max(err, Math.abs(r[k] - g[k]));
      }
      // The floor covers weights whose true gradient is 0 (a BatchNorm beta feeding another BatchNorm).
      assert.ok(err <= 1e-3 * scale + 1e-7, `${name}: max error ${err} vs max |gradient| ${scale}`);
    }
  });
}
