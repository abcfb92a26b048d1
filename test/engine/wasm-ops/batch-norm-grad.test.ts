import assert from "node:assert/strict";
import { before, test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { Rng } from "../../../src/util/rng";
import { randomValues, startWasm } from "./compare";

before(startWasm);

/** The gradients of sum(r * f(x, mean, variance, offset, scale)) for the five inputs. */
function gradients(
  f: (args: tf.Tensor[]) => tf.Tensor,
  args: tf.Tensor[],
  r: tf.Tensor,
): Float32Array[] {
  return tf
    .grads((...a: tf.Tensor[]) => tf.sum(tf.mul(f(a), r)))(args)
    .map((g) => g.dataSync() as Float32Array);
}

test("BatchNorm's registered gradient (no Tile) equals autodiff of the same formula in plain ops", async () => {
  const rng = new Rng(17);
  for (let i = 0; i < 16; i++) {
    await tf.setBackend(i % 2 ? "cpu" : "wasm");
    const c = 1 + rng.int(6);
    const shape = [1 + rng.int(3), 1 + rng.int(5), 1 + rng.int(5), c];
    // Per-channel statistics as [C] or [1, 1, 1, C] (the factored formulas), or full-size (the general
    // ones); tfjs wants mean, variance and scale of one rank.
    const rank1 = rng.int(3) === 0;
    const stats = () => (rank1 ? [c] : [[1, 1, 1, c], shape][rng.int(2)]);
    const [ms, vs, ss] = [stats(), stats(), stats()];
    const t = (s: number[], shift = 0) => tf.add(tf.tensor(randomValues(rng, s), s), shift);
    const args = [t(shape), t(ms), t(vs, 1.5), t(ms), t(ss)];
    const r = t(shape);
    const eps = 1e-3;
    const fused = gradients(([x, m, v, o, s]) => tf.batchNorm(x, m, v, o, s, eps), args, r);
    const plain = gradients(
      ([x, m, v, o, s]) => tf.add(tf.mul(tf.mul(tf.sub(x, m), tf.rsqrt(tf.add(v, eps))), s), o),
      args,
      r,
    );
    fused.forEach((g, k) => {
      const err = g.reduce((e, val, j) => Math.max(e, Math.abs(val - plain[k][j])), 0);
      const scale = plain[k].reduce((e, val) => Math.max(e, Math.abs(val)), 1e-6);
      assert.ok(
        err <= 1e-4 * scale,
        `case ${i} shape ${shape} ${JSON.stringify([ms, vs, ss])}: input ${k} max error ${err} vs max |value| ${scale}`,
      );
    });
  }
});

test("Mean's registered gradient (a broadcast) equals autodiff of sum / count", async () => {
  const rng = new Rng(18);
  for (let i = 0; i < 12; i++) {
    await tf.setBackend(i % 2 ? "cpu" : "wasm");
    const shape = Array.from({ length: 1 + rng.int(4) }, () => 1 + rng.int(5));
    const axes = [...shape.keys()].filter(() => rng.int(2) === 0);
    const keepDims = rng.int(2) === 0;
    const x = tf.tensor(randomValues(rng, shape), shape);
    const outShape = tf.mean(x, axes, keepDims).shape;
    const r = tf.tensor(randomValues(rng, outShape), outShape);
    const count = axes.reduce((n, a) => n * shape[a], 1);
    const [ours] = gradients(([a]) => tf.mean(a, axes, keepDims), [x], r);
    const [plain] = gradients(([a]) => tf.div(tf.sum(a, axes, keepDims), count), [x], r);
    const err = ours.reduce((e, v, j) => Math.max(e, Math.abs(v - plain[j])), 0);
    assert.ok(err <= 1e-6, `case ${i} ${JSON.stringify({ shape, axes, keepDims })}: error ${err}`);
  }
});
