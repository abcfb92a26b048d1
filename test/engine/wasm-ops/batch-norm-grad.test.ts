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
  await tf.setBackend("wasm");
  const rng = new Rng(17);
  for (let i = 0; i < 6; i++) {
    const c = 1 + rng.int(6);
    const shape = [1 + rng.int(3), 1 + rng.int(5), 1 + rng.int(5), c];
    const t = (s: number[], shift = 0) => tf.add(tf.tensor(randomValues(rng, s), s), shift);
    const args = [t(shape), t([c]), t([c], 1.5), t([c]), t([c])];
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
        `case ${i} shape ${shape}: input ${k} max error ${err} vs max |value| ${scale}`,
      );
    });
  }
});
