import { before, test } from "node:test";
import { Rng } from "../../../src/util/rng";
import { assertSameAsCpu, randomValues, startWasm } from "./compare";

before(startWasm);

test("BatchMatMul on wasm equals the cpu backend for every transpose combination and batch shape", async () => {
  const rng = new Rng(51);
  for (let i = 0; i < 24; i++) {
    const [m, k, n] = [1 + rng.int(9), 1 + rng.int(9), 1 + rng.int(9)];
    const batch = 1 + rng.int(3);
    const transposeA = i % 2 === 1,
      transposeB = i % 4 >= 2;
    const a = [batch, ...(transposeA ? [k, m] : [m, k])];
    const b = [batch, ...(transposeB ? [n, k] : [k, n])];
    await assertSameAsCpu(
      "BatchMatMul",
      { a: [randomValues(rng, a), a], b: [randomValues(rng, b), b] },
      { transposeA, transposeB },
      `case ${i} a ${a} b ${b} tA ${transposeA} tB ${transposeB}`,
    );
  }
});
