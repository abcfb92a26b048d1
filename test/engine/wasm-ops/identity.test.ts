import { before, test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { dirtyWasmHeap, startWasm } from "./compare";

before(startWasm);

test("Identity on wasm shares x's data: each of x and its clone outlives the other, and both free it", async () => {
  await tf.setBackend("wasm");
  const backend = tf.backend() as unknown as { numDataIds(): number };
  const values = [1.5, -2, 3.25, 0, 7, -0.5];
  const start = backend.numDataIds();
  for (const disposeFirst of ["x", "clone"] as const) {
    const x = tf.tensor(values, [2, 3]);
    const clone = tf.clone(x);
    assert.equal(backend.numDataIds(), start + 1, "the clone holds no data of its own");
    const [gone, kept] = disposeFirst === "x" ? [x, clone] : [clone, x];
    gone.dispose();
    await dirtyWasmHeap();
    assert.deepEqual(Array.from(kept.dataSync()), values, `after disposing ${disposeFirst}`);
    kept.dispose();
    assert.equal(backend.numDataIds(), start, `after disposing both (${disposeFirst} first)`);
  }
});

test("Identity on wasm keeps dtype and shape, strings included", async () => {
  await tf.setBackend("wasm");
  for (const x of [tf.tensor([1, 2, 3], [3, 1], "int32"), tf.tensor(["a", "bc"], [2], "string")]) {
    const y = tf.clone(x);
    assert.equal(y.dtype, x.dtype);
    assert.deepEqual(y.shape, x.shape);
    assert.deepEqual(await y.array(), await x.array());
    tf.dispose([x, y]);
  }
});
