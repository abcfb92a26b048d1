/** src/models/step-flops.ts against torch's profiler (`with_flops`, Debian's python3-torch): a convolutional
 * net's forward pass as its PyTorch twin counts it, and a whole training step of a dense net, whose backward
 * products torch 1.13 counts too (its convolution gradients it does not). */
import * as tf from "@tensorflow/tfjs";
import assert from "node:assert/strict";
import { test } from "node:test";
import { trainingFlopsPerImage } from "../../src/models/step-flops";
import { python } from "../helpers/python";

/** What torch's profiler counts while `run` (a Python statement on `out`) follows an `nn.Sequential` of
 * `layers` applied to one random input of `shape`. */
function torchFlops(layers: string, shape: string, run: string): number {
  return python<number>(`
import torch, torch.nn as nn, torch.nn.functional as F
model = nn.Sequential(${layers})
with torch.profiler.profile(with_flops=True) as prof:
    out = model(torch.rand(${shape}))
    ${run}
print(json.dumps(sum(e.flops for e in prof.key_averages())))
`);
}

test("a convolutional net's forward pass counts what torch's profiler counts for its PyTorch twin", () => {
  // 'same' and 'valid' padding, a stride of 2, a non-square kernel, pooling and a dense head (torch pads
  // symmetrically where tfjs pads the right only, so the output sizes, all that is counted, agree)
  const model = tf.sequential({
    layers: [
      tf.layers.conv2d({ filters: 8, kernelSize: 3, padding: "same", inputShape: [12, 10, 3] }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.conv2d({ filters: 16, kernelSize: [3, 2], strides: 2, padding: "same" }),
      tf.layers.conv2d({ filters: 4, kernelSize: 2, padding: "valid" }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 5 }),
    ],
  });
  const torch = torchFlops(
    `nn.Conv2d(3, 8, 3, padding=1), nn.MaxPool2d(2), nn.Conv2d(8, 16, (3, 2), stride=2, padding=1),
     nn.Conv2d(16, 4, 2), nn.Flatten(), nn.Linear(4 * 2 * 2, 5)`,
    "1, 3, 12, 10",
    "out",
  );
  assert.equal(trainingFlopsPerImage(model).forward, torch);
  model.dispose();
});

test("a dense net's training step counts what torch's profiler counts for forward and backward", () => {
  const model = tf.sequential({
    layers: [
      tf.layers.dense({ units: 30, inputShape: [20], activation: "relu" }),
      tf.layers.dense({ units: 7 }),
    ],
  });
  const torch = torchFlops(
    "nn.Linear(20, 30), nn.ReLU(), nn.Linear(30, 7)",
    "1, 20",
    "F.cross_entropy(out, torch.tensor([3])).backward()",
  );
  assert.equal(trainingFlopsPerImage(model).step, torch);
  model.dispose();
});

test("a layer with weights it cannot count is an error, not a smaller count", () => {
  const model = tf.sequential({
    layers: [tf.layers.dense({ units: 4, inputShape: [3] }), tf.layers.batchNormalization()],
  });
  assert.throws(() => trainingFlopsPerImage(model), /batch_normalization.*BatchNormalization/);
  model.dispose();
});
