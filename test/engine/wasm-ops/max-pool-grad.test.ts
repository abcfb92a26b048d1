import { before, test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { Rng } from "../../../src/util/rng";
import { assertSameAsCpu, randomPad, randomValues, runOn, startWasm } from "./compare";

before(startWasm);

test("MaxPoolGrad on wasm equals the cpu backend across pool sizes, strides, paddings, and with ties", async () => {
  const rng = new Rng(31);
  let checked = 0;
  for (let i = 0; i < 50; i++) {
    const x = [1 + rng.int(3), 3 + rng.int(10), 3 + rng.int(10), 1 + rng.int(6)];
    const filterSize: [number, number] = [1 + rng.int(3), 1 + rng.int(3)];
    const strides: [number, number] = [1 + rng.int(3), 1 + rng.int(3)];
    let pad = randomPad(rng);
    if (Array.isArray(pad)) pad = "same"; // pooling takes same, valid or a number
    const dimRoundingMode = typeof pad === "number" ? "floor" : undefined;
    const info = tf.backend_util.computePool2DInfo(
      x as [number, number, number, number],
      filterSize,
      strides,
      1,
      pad as "same",
      dimRoundingMode,
    );
    if (
      info.outHeight < 1 ||
      info.outWidth < 1 ||
      (typeof pad === "number" && pad >= Math.min(...filterSize))
    )
      continue;
    // Every third case draws from {0, 1, 2}, so windows hold ties and the first maximum must win.
    const values =
      i % 3 === 0
        ? Float32Array.from(randomValues(rng, x), () => rng.int(3))
        : randomValues(rng, x);
    const attrs = { filterSize, strides, pad, dimRoundingMode };
    const output = await runOn("cpu", "MaxPool", { x: [values, x] }, attrs);
    const dy = randomValues(rng, output.shape);
    await assertSameAsCpu(
      "MaxPoolGrad",
      { dy: [dy, output.shape], input: [values, x], output: [output.values, output.shape] },
      attrs,
      `case ${i} ${JSON.stringify({ x, filterSize, strides, pad })}`,
    );
    checked++;
  }
  assert.ok(checked >= 30, `only ${checked} valid cases drawn`);
});
