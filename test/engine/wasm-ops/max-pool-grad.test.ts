import { before, test } from "node:test";
import assert from "node:assert/strict";
import { Rng } from "../../../src/util/rng";
import { assertSameAsCpu, randomPoolCase, randomValues, runOn, startWasm } from "./compare";

before(startWasm);

test("MaxPoolGrad on wasm equals the cpu backend across pool sizes, strides, paddings, and with ties", async () => {
  const rng = new Rng(31);
  let checked = 0;
  for (let i = 0; i < 50; i++) {
    const c = randomPoolCase(rng, 3);
    if (!c) continue;
    const { x, filterSize, strides, pad, dimRoundingMode } = c;
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
