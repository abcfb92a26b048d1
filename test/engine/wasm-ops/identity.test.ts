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

test("Cast on wasm shares the data when the dtype stays, and converts as the cpu backend does when it changes", async () => {
  await tf.setBackend("wasm");
  const backend = tf.backend() as unknown as { numDataIds(): number };
  const values = [1.7, -2.5, 0.49, 0, 3, NaN];
  const x = tf.tensor(values, [6]);
  const start = backend.numDataIds();
  const same = tf.cast(x, "float32");
  assert.equal(backend.numDataIds(), start, "a cast to float32 holds no data of its own");
  x.dispose();
  assert.deepEqual(Array.from(same.dataSync()), Array.from(Float32Array.from(values)));
  // The backend's own Cast to bool gave 254 for -2.5 and 0 for 0.49.
  const converted = { wasm: [] as number[][], cpu: [] as number[][] };
  for (const name of ["wasm", "cpu"] as const) {
    await tf.setBackend(name);
    const t = tf.tensor(values.slice(0, 5), [5]);
    converted[name] = [t.cast("int32"), t.cast("bool")].map((c) => Array.from(c.dataSync()));
    await tf.setBackend("wasm");
  }
  assert.deepEqual(converted.wasm, converted.cpu);
  same.dispose();
});
