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

test("BatchMatMul on wasm equals the cpu backend when one operand is broadcast over the batch, at ranks 2-4", async () => {
  const rng = new Rng(52);
  for (let i = 0; i < 24; i++) {
    const [m, k, n] = [1 + rng.int(9), 1 + rng.int(9), 1 + rng.int(9)];
    const outer = [[], [1 + rng.int(3)], [1 + rng.int(3), 1 + rng.int(3)]][rng.int(3)];
    const transposeA = rng.int(2) === 1,
      transposeB = rng.int(2) === 1;
    const broadcastA = i % 3 === 0,
      broadcastB = i % 3 === 1;
    const a = [...(broadcastA ? [] : outer), ...(transposeA ? [k, m] : [m, k])];
    const b = [...(broadcastB ? outer.map(() => 1) : outer), ...(transposeB ? [n, k] : [k, n])];
    await assertSameAsCpu(
      "BatchMatMul",
      { a: [randomValues(rng, a), a], b: [randomValues(rng, b), b] },
      { transposeA, transposeB },
      `case ${i} a ${a} b ${b} tA ${transposeA} tB ${transposeB}`,
    );
  }
});

test("BatchMatMul on wasm equals the cpu backend on an attention-size product", async () => {
  const rng = new Rng(53);
  const a = [8, 4, 50, 16];
  const b = [8, 4, 50, 16];
  await assertSameAsCpu(
    "BatchMatMul",
    { a: [randomValues(rng, a), a], b: [randomValues(rng, b), b] },
    { transposeA: false, transposeB: true },
    "q k^T",
  );
});
