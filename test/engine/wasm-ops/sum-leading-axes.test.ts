import { before, test } from "node:test";
import { Rng } from "../../../src/util/rng";
import { assertSameAsCpu, randomValues, startWasm } from "./compare";

before(startWasm);

for (const kernel of ["Sum", "Mean"] as const)
  test(`${kernel} on wasm equals the cpu backend over leading axes (our paths) and any other axes (the backend's)`, async () => {
    const rng = new Rng(kernel === "Sum" ? 41 : 42);
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
          kernel,
          { x: [randomValues(rng, shape), shape] },
          { axis, keepDims },
          `case ${i} shape ${shape} axis ${axis} keepDims ${keepDims}`,
          1e-5,
        );
      }
    }
  });

test("Sum and Mean on wasm over the batch and image axes of training-size tensors (pooled first) equal the cpu backend", async () => {
  const rng = new Rng(43);
  // A training batch; 2^16 values, the smallest pooled; 256 values fewer, summed directly.
  for (const shape of [
    [16, 28, 28, 24],
    [2, 128, 256, 1],
    [2, 128, 255, 1],
  ]) {
    const x: [Float32Array, number[]] = [randomValues(rng, shape), shape];
    for (const kernel of ["Sum", "Mean"])
      await assertSameAsCpu(
        kernel,
        { x },
        { axis: [0, 1, 2], keepDims: false },
        `${kernel} ${shape}`,
        1e-5,
      );
  }
});
