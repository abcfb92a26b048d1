/** Our broadcasting LayerNorm against torch.nn.functional.layer_norm (under /usr/bin/python3): same input,
 * weight and bias give the same output, and the same gradients for input, weight and bias. */
import { test, before } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { python } from "../helpers/python";
import { LayerNorm } from "../../src/models/layers";
import { Rng } from "../../src/util/rng";

before(async () => {
  await tf.setBackend("cpu");
});

const TORCH = `
import json, torch
x = torch.tensor(INPUT["x"], dtype=torch.float64).reshape(INPUT["shape"]).requires_grad_()
w = torch.tensor(INPUT["w"], dtype=torch.float64).requires_grad_()
b = torch.tensor(INPUT["b"], dtype=torch.float64).requires_grad_()
r = torch.tensor(INPUT["r"], dtype=torch.float64).reshape(INPUT["shape"])
y = torch.nn.functional.layer_norm(x, (INPUT["shape"][-1],), w, b, INPUT["eps"])
(y * r).sum().backward()
print(json.dumps({"y": y.flatten().tolist(), "gx": x.grad.flatten().tolist(), "gw": w.grad.tolist(), "gb": b.grad.tolist()}))
`;

function maxDiff(a: ArrayLike<number>, b: number[]): number {
  assert.equal(a.length, b.length);
  return Array.from(a).reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);
}

test("LayerNorm over the last axis equals torch's layer_norm, values and gradients", () => {
  const rng = new Rng(3);
  const shape = [2, 3, 4, 5];
  const size = shape.reduce((p, d) => p * d, 1);
  const draw = (n: number, scale: number, shift = 0) =>
    Array.from({ length: n }, () => shift + scale * (2 * rng.next() - 1));
  const data = {
    shape,
    eps: 1e-6,
    x: draw(size, 3, 0.5),
    w: draw(5, 1, 1),
    b: draw(5, 0.5),
    r: draw(size, 1),
  };
  const torch = python<{ y: number[]; gx: number[]; gw: number[]; gb: number[] }>(TORCH, data);

  const layer = new LayerNorm({ epsilon: data.eps });
  const x = tf.tensor(data.x, shape);
  layer.apply(x);
  layer.setWeights([tf.tensor(data.w), tf.tensor(data.b)]);
  const r = tf.tensor(data.r, shape);
  assert.ok(maxDiff((layer.apply(x) as tf.Tensor).dataSync(), torch.y) < 1e-4, "output");
  const vars = layer.trainableWeights.map((v) => v.read() as tf.Variable);
  const { grads } = tf.variableGrads(
    () => tf.sum(tf.mul(layer.apply(x) as tf.Tensor, r)) as tf.Scalar,
    vars,
  );
  assert.ok(maxDiff(grads[vars[0].name].dataSync(), torch.gw) < 1e-3, "weight gradient");
  assert.ok(maxDiff(grads[vars[1].name].dataSync(), torch.gb) < 1e-3, "bias gradient");
  const gx = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(layer.apply(t) as tf.Tensor, r)))(x);
  assert.ok(maxDiff(gx.dataSync(), torch.gx) < 1e-3, "input gradient");
});
