/** Both methods of the wasm filter gradient, each run directly (the kernel picks one by shape, so the
 * kernel tests alone would leave one of them untested at small sizes), against the cpu backend's
 * Conv2DBackpropFilter, with freed wasm memory filled with NaN before each case. */
import assert from "node:assert/strict";
import { before, test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import { asConvolution, byTaps } from "../../../src/engine/wasm-ops/filter-gradient";
import { free, heapView } from "../../../src/engine/wasm-ops/wasm-call";
import { Rng } from "../../../src/util/rng";
import { assertClose, dirtyWasmHeap, randomPad, randomValues, runOn, startWasm } from "./compare";

before(startWasm);

type Shape4 = [number, number, number, number];

for (const [name, method] of [
  ["byTaps", byTaps],
  ["asConvolution", asConvolution],
] as const) {
  test(`${name} equals the cpu filter gradient across kernels, strides, paddings and channels`, async () => {
    const rng = new Rng(name === "byTaps" ? 71 : 72);
    for (let i = 0; i < 80; i++) {
      const x: Shape4 = [1 + rng.int(3), 1 + rng.int(12), 1 + rng.int(12), 1 + rng.int(6)];
      const k = [1, 2, 3, 5, 7][rng.int(5)];
      const f: Shape4 = [k, 1 + rng.int(k), x[3], 1 + rng.int(6)];
      const strides: [number, number] = [1 + rng.int(4), 1 + rng.int(4)];
      const pad = randomPad(rng) as "same";
      const rounding = typeof pad === "number" ? "floor" : undefined;
      const info = tf.backend_util.computeConv2DInfo(x, f, strides, 1, pad, rounding);
      if (info.outHeight < 1 || info.outWidth < 1) continue;
      const xv = randomValues(rng, x);
      const dyv = randomValues(rng, info.outShape);
      const label = `case ${i}: x ${x} filter ${f} strides ${strides} pad ${JSON.stringify(pad)}`;
      const ref = await runOn(
        "cpu",
        "Conv2DBackpropFilter",
        { x: [xv, x], dy: [dyv, info.outShape] },
        { strides, pad, dataFormat: "NHWC", dimRoundingMode: rounding, filterShape: f },
      );
      await dirtyWasmHeap();
      const backend = tf.backend() as BackendWasm;
      const xt = tf.tensor(xv, x);
      const dyt = tf.tensor(dyv, info.outShape);
      const dw = method(backend, xt, dyt, info);
      const got = Float32Array.from(heapView(backend, dw));
      free(backend, dw);
      tf.dispose([xt, dyt]);
      assert.deepEqual(dw.shape, ref.shape, `${label}: shape`);
      assertClose(got, ref.values, label);
    }
  });
}
