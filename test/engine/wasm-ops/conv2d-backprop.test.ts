import { before, test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { Rng } from "../../../src/util/rng";
import {
  assertConvGradients,
  assertSameAsCpu,
  randomPad,
  randomValues,
  startWasm,
} from "./compare";

before(startWasm);

/** A random conv2d case whose output is at least 1x1. */
function randomCase(rng: Rng) {
  for (;;) {
    const x = [1 + rng.int(3), 4 + rng.int(9), 4 + rng.int(9), 1 + rng.int(5)];
    const f = [1 + rng.int(4), 1 + rng.int(4), x[3], 1 + rng.int(6)];
    const strides: [number, number] = [1 + rng.int(3), 1 + rng.int(3)];
    const pad = randomPad(rng);
    const info = tf.backend_util.computeConv2DInfo(
      x as [number, number, number, number],
      f as [number, number, number, number],
      strides,
      1,
      pad as "same",
      typeof pad === "number" ? "floor" : undefined,
    );
    if (info.outHeight >= 1 && info.outWidth >= 1)
      return { x, f, strides, pad, dy: info.outShape as number[] };
  }
}

for (const kernel of ["Conv2DBackpropFilter", "Conv2DBackpropInput"] as const) {
  test(`${kernel} on wasm equals the cpu backend across strides, paddings, batches and channels`, async () => {
    const rng = new Rng(kernel === "Conv2DBackpropFilter" ? 11 : 12);
    for (let i = 0; i < 60; i++) {
      const c = randomCase(rng);
      const attrs = {
        strides: c.strides,
        pad: c.pad,
        dataFormat: "NHWC",
        dimRoundingMode: typeof c.pad === "number" ? "floor" : undefined,
      };
      const dy: [Float32Array, number[]] = [randomValues(rng, c.dy), c.dy];
      const inputs: Record<string, [Float32Array, number[]]> =
        kernel === "Conv2DBackpropFilter"
          ? { x: [randomValues(rng, c.x), c.x], dy }
          : { dy, filter: [randomValues(rng, c.f), c.f] };
      const shapes = kernel === "Conv2DBackpropFilter" ? { filterShape: c.f } : { inputShape: c.x };
      await assertSameAsCpu(
        kernel,
        inputs,
        { ...attrs, ...shapes },
        `case ${i} ${JSON.stringify(c)}`,
      );
    }
  });
}

test("conv2d gradients on wasm match central finite differences of the wasm forward pass", () =>
  assertConvGradients(
    (a, b) => tf.conv2d(a, b, 2, "same"),
    [2, 6, 7, 3],
    [3, 2, 3, 4],
    13,
    "conv2d stride 2 same",
  ));
