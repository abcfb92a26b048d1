import { before, test } from "node:test";
import { Rng } from "../../../src/util/rng";
import { assertSameAsCpu, randomValues, startWasm } from "./compare";

before(startWasm);

test("Sum on wasm equals the cpu backend over leading axes (our path) and any other axes (the backend's)", async () => {
  const rng = new Rng(41);
  for (let i = 0; i < 30; i++) {
    const rank = 2 + rng.int(3);
    const shape = Array.from({ length: rank }, () => 1 + rng.int(7));
    const axis =
      i % 2 === 0
        ? [...Array(rank - 1).keys()]
        : [...Array(rank).keys()].filter(() => rng.int(2) === 0);
    if (axis.length === 0) axis.push(rank - 1);
    for (const keepDims of [false, true]) {
      await assertSameAsCpu(
        "Sum",
        { x: [randomValues(rng, shape), shape] },
        { axis, keepDims },
        `case ${i} shape ${shape} axis ${axis} keepDims ${keepDims}`,
        1e-5,
      );
    }
  }
});
