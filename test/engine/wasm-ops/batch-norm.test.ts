import { before, test } from "node:test";
import { Rng } from "../../../src/util/rng";
import { assertSameAsCpu, randomValues, startWasm } from "./compare";

before(startWasm);

test("FusedBatchNorm on wasm equals the cpu backend: per-channel statistics (ours), with and without scale and offset, ranks 2-4, and full-size statistics (the backend's)", async () => {
  const rng = new Rng(19);
  for (let i = 0; i < 40; i++) {
    const rank = 2 + rng.int(3);
    const shape = Array.from({ length: rank }, () => 1 + rng.int(9));
    const c = shape[rank - 1];
    const stats = i % 5 === 4 ? shape : rng.int(2) ? [c] : [...Array(rank - 1).fill(1), c];
    const value = (s: number[], shift = 0): [Float32Array, number[]] => [
      randomValues(rng, s).map((v) => v + shift),
      s,
    ];
    const inputs: Record<string, [Float32Array, number[]]> = {
      x: value(shape),
      mean: value(stats),
      variance: value(stats, 1.5),
    };
    if (rng.int(4) > 0) inputs.scale = value(stats);
    if (rng.int(4) > 0) inputs.offset = value(stats);
    await assertSameAsCpu(
      "FusedBatchNorm",
      inputs,
      { varianceEpsilon: 1e-3 },
      `case ${i}: x ${shape}, statistics ${stats}, ${Object.keys(inputs).join(" ")}`,
      1e-5,
    );
  }
});

test("FusedBatchNorm on wasm equals the cpu backend on a training-size tensor", async () => {
  const rng = new Rng(20);
  const shape = [16, 28, 28, 24];
  const c: [number] = [24];
  await assertSameAsCpu(
    "FusedBatchNorm",
    {
      x: [randomValues(rng, shape), shape],
      mean: [randomValues(rng, c), c],
      variance: [randomValues(rng, c).map((v) => v + 1.5), c],
      scale: [randomValues(rng, c), c],
      offset: [randomValues(rng, c), c],
    },
    { varianceEpsilon: 1e-3 },
    "16x28x28x24",
    1e-5,
  );
});
