import assert from "node:assert/strict";
import { before, test } from "node:test";
import { Rng } from "../../../src/util/rng";
import { assertSameAsCpu, randomPoolCase, randomValues, startWasm } from "./compare";

before(startWasm);

test("AvgPoolGrad on wasm equals the cpu backend across pool sizes, strides and paddings", async () => {
  const rng = new Rng(33);
  let checked = 0;
  for (let i = 0; i < 50; i++) {
    const c = randomPoolCase(rng, 4);
    if (!c) continue;
    const { x, filterSize, strides, pad, dimRoundingMode, outShape: dy } = c;
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
