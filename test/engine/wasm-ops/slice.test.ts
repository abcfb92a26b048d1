import { before, test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { Rng } from "../../../src/util/rng";
import { assertSameAsCpu, randomValues, startWasm } from "./compare";

before(startWasm);

function randomShape(rng: Rng): number[] {
  return Array.from({ length: 1 + rng.int(5) }, () => 1 + rng.int(6));
}

test("Slice on wasm equals the cpu backend for ranks 1-5, partial and whole axes", async () => {
  const rng = new Rng(41);
  for (let i = 0; i < 80; i++) {
    const shape = randomShape(rng);
    const begin = shape.map((d) => rng.int(d));
    const size = shape.map((d, a) => (rng.int(3) === 0 ? -1 : rng.int(d - begin[a] + 1)));
    await assertSameAsCpu(
      "Slice",
      { x: [randomValues(rng, shape), shape] },
      { begin, size },
      `case ${i} ${JSON.stringify({ shape, begin, size })}`,
      0,
    );
  }
});

test("SplitV on wasm equals the cpu backend on every axis, with empty pieces", async () => {
  const rng = new Rng(42);
  for (let i = 0; i < 60; i++) {
    const shape = randomShape(rng);
    const axis = rng.int(shape.length) - (rng.int(2) ? shape.length : 0);
    const d = shape[axis < 0 ? axis + shape.length : axis];
    const sizes: number[] = [];
    for (let left = d; left > 0;) {
      const s = rng.int(left + 1);
      sizes.push(s);
      left -= s;
    }
    const values = randomValues(rng, shape);
    const run = async (backend: string) => {
      await tf.setBackend(backend);
      return tf.tidy(() =>
        tf.split(tf.tensor(values, shape), sizes.length ? sizes : [d], axis).map((t) => ({
          shape: t.shape,
          values: Array.from(t.dataSync()),
        })),
      );
    };
    assert.deepEqual(await run("wasm"), await run("cpu"), JSON.stringify({ shape, axis, sizes }));
  }
});

test("Tile on wasm equals the cpu backend for ranks 1-5, broadcasts included", async () => {
  const rng = new Rng(43);
  for (let i = 0; i < 60; i++) {
    const shape = randomShape(rng).map((d) => (rng.int(3) === 0 ? 1 : d));
    const reps = shape.map(() => 1 + rng.int(4));
    await assertSameAsCpu(
      "Tile",
      { x: [randomValues(rng, shape), shape] },
      { reps },
      `case ${i} ${JSON.stringify({ shape, reps })}`,
      0,
    );
  }
});

test("Tile on wasm equals the cpu backend on long rows (block copies) and a LayerNorm-size broadcast (fills)", async () => {
  const rng = new Rng(44);
  for (const [shape, reps] of [
    [
      [2, 3, 40],
      [2, 3, 1],
    ],
    [
      [3, 1, 33],
      [1, 4, 2],
    ],
    [
      [8, 50, 1],
      [1, 1, 64],
    ],
  ]) {
    await assertSameAsCpu(
      "Tile",
      { x: [randomValues(rng, shape), shape] },
      { reps },
      JSON.stringify({ shape, reps }),
      0,
    );
  }
});
