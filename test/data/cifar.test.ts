/** CIFAR binary files written here in the published record layout, read back and checked against numpy. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { openDataset } from "../../src/data/index";
import { InputError } from "../../src/errors";
import { Rng } from "../../src/util/rng";
import { python } from "../helpers/python";
import { tempDir } from "./fixtures";

/** `n` records of `labelBytes` label bytes (from `label(i)`) and 3072 seeded random pixel bytes. */
function records(
  n: number,
  labelBytes: number,
  label: (i: number, k: number) => number,
  seed: number,
): Buffer {
  const rng = new Rng(seed);
  const rec = labelBytes + 3072;
  const out = Buffer.alloc(n * rec);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < labelBytes; k++) out[i * rec + k] = label(i, k);
    for (let p = labelBytes; p < rec; p++) out[i * rec + p] = rng.int(256);
  }
  return out;
}

/** numpy's reading of CIFAR files: records with labels in column `labelAt`, planes to HWC in [0, 1]. */
function numpyCifar(
  files: string[],
  labelBytes: number,
  labelAt: number,
  classes: number,
): { x: number[]; y: number[] } {
  return python(
    `import numpy as np
recs = np.concatenate([np.fromfile(f, dtype=np.uint8).reshape(-1, ${labelBytes} + 3072) for f in INPUT])
recs = recs[recs[:, ${labelAt}] < ${classes}]
x = recs[:, ${labelBytes}:].reshape(-1, 3, 32, 32).transpose(0, 2, 3, 1) / 255.0
print(json.dumps({"x": x.reshape(-1).tolist(), "y": recs[:, ${labelAt}].tolist()}))`,
    files,
  );
}

async function readAll(split: {
  count: number;
  batch(i: number[]): Promise<{ x: Float32Array; y: Int32Array }>;
}) {
  return split.batch(Array.from({ length: split.count }, (_, i) => i));
}

function close(a: Float32Array, b: number[]): boolean {
  return a.length === b.length && a.every((v, i) => Math.abs(v - b[i]) < 1e-6);
}

test("CIFAR-10 binaries: pixels and labels as numpy reads them; a bad label and missing batches are reported", async () => {
  const dir = tempDir("cifar10");
  const root = join(dir, "cifar-10-batches-bin");
  mkdirSync(root);
  const b1 = records(20, 1, (i) => i % 10, 1);
  const b2 = records(10, 1, (i) => (i === 3 ? 10 : (i * 7) % 10), 2);
  writeFileSync(join(root, "data_batch_1.bin"), b1);
  writeFileSync(join(root, "data_batch_2.bin"), b2);
  writeFileSync(
    join(root, "test_batch.bin"),
    records(10, 1, (i) => 9 - i, 3),
  );
  const names = [
    "airplane",
    "automobile",
    "bird",
    "cat",
    "deer",
    "dog",
    "frog",
    "horse",
    "ship",
    "truck",
  ];
  writeFileSync(join(root, "batches.meta.txt"), names.join("\n") + "\n\n");
  const ds = await openDataset(`cifar10:${dir}`, { warn: null });
  assert.deepEqual(ds.classes, names);
  assert.deepEqual(ds.train.imageShape, [32, 32, 3]);
  assert.equal(ds.train.count, 29);
  assert.equal(ds.test.count, 10);
  const train = await readAll(ds.train);
  const want = numpyCifar(
    [join(root, "data_batch_1.bin"), join(root, "data_batch_2.bin")],
    1,
    0,
    10,
  );
  assert.deepEqual([...train.y], want.y);
  assert.ok(close(train.x, want.x));
  const test = await readAll(ds.test);
  const wantTest = numpyCifar([join(root, "test_batch.bin")], 1, 0, 10);
  assert.deepEqual([...test.y], wantTest.y);
  assert.ok(close(test.x, wantTest.x));
  const report = ds.report.map((p) => `${p.file.slice(root.length + 1)}: ${p.reason}`).sort();
  assert.deepEqual(report, [
    "data_batch_2.bin: record 3 has label 10, expected 0..9",
    "data_batch_3.bin: missing; training uses the other batches",
    "data_batch_4.bin: missing; training uses the other batches",
    "data_batch_5.bin: missing; training uses the other batches",
  ]);
});

test("CIFAR-100 uses the fine label (second byte); without a test file a stratified held-out split is drawn", async () => {
  const dir = tempDir("cifar100");
  writeFileSync(
    join(dir, "train.bin"),
    records(50, 2, (i, k) => (k === 0 ? 19 - (i % 20) : (i % 5) * 20 + 7), 4),
  );
  const ds = await openDataset(`cifar100:${dir}`, { seed: 3, warn: null });
  assert.equal(ds.classes.length, 100);
  assert.equal(ds.train.count, 40);
  assert.equal(ds.test.count, 10);
  const testLabels = [...ds.test.labels()].sort((a, b) => a - b);
  assert.deepEqual(testLabels, [7, 7, 27, 27, 47, 47, 67, 67, 87, 87]);
  const all = numpyCifar([join(dir, "train.bin")], 2, 1, 100);
  const test = await readAll(ds.test);
  // Each test item is one of the file's records, pixels included.
  const per = 3072;
  for (let i = 0; i < test.y.length; i++) {
    const item = test.x.subarray(i * per, (i + 1) * per);
    const match = all.y.findIndex(
      (y, r) => y === test.y[i] && close(item, all.x.slice(r * per, (r + 1) * per)),
    );
    assert.ok(match >= 0, `test item ${i} is a record of train.bin`);
  }
  assert.match(ds.report[0].reason, /classes are named by number/);
});

test("a CIFAR file of the wrong size is refused with a InputError naming it", async () => {
  const dir = tempDir("cifar-bad");
  writeFileSync(
    join(dir, "data_batch_1.bin"),
    records(3, 1, () => 1, 5),
  );
  writeFileSync(
    join(dir, "test_batch.bin"),
    Buffer.concat([records(2, 1, () => 1, 6), Buffer.alloc(5)]),
  );
  await assert.rejects(
    openDataset(`cifar10:${dir}`, { warn: null }),
    (e: Error) =>
      e instanceof InputError &&
      /test_batch\.bin is 6151 bytes, not a whole number of cifar10 records of 3073 bytes/.test(
        e.message,
      ),
  );
  await assert.rejects(
    openDataset(`cifar100:${dir}`, { warn: null }),
    (e: Error) => e instanceof InputError && /no training file/.test(e.message),
  );
});
