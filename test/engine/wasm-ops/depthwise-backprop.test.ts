import { before, test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { Rng } from "../../../src/util/rng";
import {
  assertConvGradients,
  assertFiniteDifferences,
  assertSameAsCpu,
  randomPad,
  randomValues,
  startWasm,
} from "./compare";

before(startWasm);

/** A random depthwise case with output >= 1x1; `dilated` draws dilations above 1 (then stride 1, as tfjs requires). */
function randomCase(rng: Rng, dilated: boolean) {
  for (;;) {
    const x = [1 + rng.int(3), 4 + rng.int(10), 4 + rng.int(10), 1 + rng.int(5)];
    const f = [1 + rng.int(4), 1 + rng.int(4), x[3], 1 + rng.int(3)];
    const strided = !dilated;
    const strides: [number, number] = strided ? [1 + rng.int(3), 1 + rng.int(3)] : [1, 1];
    const dilations: [number, number] = strided ? [1, 1] : [1 + rng.int(3), 2 + rng.int(2)];
    const pad = randomPad(rng);
    // tfjs sizes the output of a numeric padding with the undilated filter, so that combination has no
    // consistent gradient to compare; explicit padding covers the same ground.
    if (typeof pad === "number" && !strided && dilations.some((d) => d > 1)) continue;
    const info = tf.backend_util.computeConv2DInfo(
      x as [number, number, number, number],
      f as [number, number, number, number],
      strides,
      dilations,
      pad as "same",
      typeof pad === "number" ? "floor" : undefined,
      true,
    );
    if (info.outHeight >= 1 && info.outWidth >= 1)
      return { x, f, strides, dilations, pad, dy: info.outShape as number[] };
  }
}

for (const kernel of [
  "DepthwiseConv2dNativeBackpropFilter",
  "DepthwiseConv2dNativeBackpropInput",
] as const) {
  test(`${kernel} on wasm equals the cpu backend (strides, paddings, batches, multipliers)`, async () => {
    const rng = new Rng(kernel === "DepthwiseConv2dNativeBackpropFilter" ? 21 : 22);
    for (let i = 0; i < 60; i++) {
      const c = randomCase(rng, false);
      const attrs = {
        strides: c.strides,
        dilations: c.dilations,
        pad: c.pad,
        dimRoundingMode: typeof c.pad === "number" ? "floor" : undefined,
      };
      const dy: [Float32Array, number[]] = [randomValues(rng, c.dy), c.dy];
      const filterKernel = kernel === "DepthwiseConv2dNativeBackpropFilter";
      const inputs: Record<string, [Float32Array, number[]]> = filterKernel
        ? { x: [randomValues(rng, c.x), c.x], dy }
        : { dy, filter: [randomValues(rng, c.f), c.f] };
      await assertSameAsCpu(
        kernel,
        inputs,
        { ...attrs, ...(filterKernel ? { filterShape: c.f } : { inputShape: c.x }) },
        `case ${i} ${JSON.stringify(c)}`,
      );
    }
  });
}

test("depthwise gradients on wasm match central finite differences of the wasm forward pass", () =>
  assertConvGradients(
    (a, b) => tf.depthwiseConv2d(a, b, 2, "same"),
    [2, 7, 6, 3],
    [3, 3, 3, 2],
    23,
    "depthwise stride 2 same",
  ));

// tfjs's own depthwise gradient refuses dilations above 1 and the cpu kernels are not a reference there, so
// dilated cases are checked against finite differences of the forward pass, f(x, w) = sum(r * conv(x, w)),
// whose gradients are exactly the two backprop kernels applied to r (f is linear in each argument).
test("dilated depthwise backprop kernels on wasm match finite differences of the forward pass", async () => {
  await tf.setBackend("wasm");
  const rng = new Rng(24);
  for (let i = 0; i < 12; i++) {
    const c = randomCase(rng, true);
    const x = tf.tensor4d(randomValues(rng, c.x), c.x as [number, number, number, number]);
    const w = tf.tensor4d(randomValues(rng, c.f), c.f as [number, number, number, number]);
    const r = tf.tensor4d(randomValues(rng, c.dy), c.dy as [number, number, number, number]);
    const attrs = {
      strides: c.strides,
      dilations: c.dilations,
      pad: c.pad,
      dimRoundingMode: typeof c.pad === "number" ? "floor" : undefined,
    };
    const f = (a: tf.Tensor4D, b: tf.Tensor4D) =>
      tf
        .sum(
          tf.mul(
            tf.depthwiseConv2d(
              a,
              b,
              c.strides,
              c.pad as "same",
              "NHWC",
              c.dilations,
              attrs.dimRoundingMode as "floor",
            ),
            r,
          ),
        )
        .dataSync()[0];
    const gw = (
      tf.engine().runKernel("DepthwiseConv2dNativeBackpropFilter", { x, dy: r }, {
        ...attrs,
        filterShape: c.f,
      } as unknown as tf.NamedAttrMap) as tf.Tensor
    ).dataSync();
    const gx = (
      tf.engine().runKernel("DepthwiseConv2dNativeBackpropInput", { dy: r, filter: w }, {
        ...attrs,
        inputShape: c.x,
      } as unknown as tf.NamedAttrMap) as tf.Tensor
    ).dataSync();
    assertFiniteDifferences(
      ([a, b]) => f(a, b),
      [x, w],
      [gx, gw],
      rng,
      `case ${i} ${JSON.stringify(c)}`,
    );
  }
});
