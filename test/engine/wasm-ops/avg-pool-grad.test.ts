import assert from "node:assert/strict";
import { before, test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { Rng } from "../../../src/util/rng";
import { assertSameAsCpu, randomPad, randomValues, startWasm } from "./compare";

before(startWasm);

test("AvgPoolGrad on wasm equals the cpu backend across pool sizes, strides and paddings", async () => {
  const rng = new Rng(33);
  let checked = 0;
  for (let i = 0; i < 50; i++) {
    const x: [number, number, number, number] = [
      1 + rng.int(3),
      3 + rng.int(10),
      3 + rng.int(10),
      1 + rng.int(6),
    ];
    const filterSize: [number, number] = [1 + rng.int(4), 1 + rng.int(4)];
    const strides: [number, number] = [1 + rng.int(3), 1 + rng.int(3)];
    let pad = randomPad(rng);
    if (Array.isArray(pad)) pad = "same"; // pooling takes same, valid or a number
    const dimRoundingMode = typeof pad === "number" ? "floor" : undefined;
    const info = tf.backend_util.computePool2DInfo(
      x,
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
    const dy = info.outShape;
    await assertSameAsCpu(
      "AvgPoolGrad",
      { dy: [randomValues(rng, dy), dy], input: [randomValues(rng, x), x] },
      { filterSize, strides, pad, dimRoundingMode },
      `case ${i} ${JSON.stringify({ x, filterSize, strides, pad })}`,
    );
    checked++;
  }
  assert.ok(checked >= 30, `only ${checked} valid cases drawn`);
});
