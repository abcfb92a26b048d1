/** IDX files (the MNIST family's format) written here, plain and gzip, read back and checked against numpy. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { openDataset } from "../../src/data/index";
import { InputError } from "../../src/errors";
import { Rng } from "../../src/util/rng";
import { python } from "../helpers/python";
import { tempDir } from "./fixtures";

/** An unsigned-byte IDX file of shape `dims` with seeded content (or `data`). */
function idx(dims: number[], seed: number, data?: number[]): Buffer {
  const header = Buffer.alloc(4 + 4 * dims.length);
  header.writeUInt32BE(0x0800 + dims.length, 0);
  dims.forEach((d, i) => header.writeUInt32BE(d, 4 + 4 * i));
  const rng = new Rng(seed);
  const n = dims.reduce((a, b) => a * b, 1);
  return Buffer.concat([
    header,
    Buffer.from(data ?? Array.from({ length: n }, () => rng.int(256))),
  ]);
}

/** numpy's reading of an images/labels pair (gzip or not), images in [0, 1]. */
function numpyIdx(images: string, labels: string): { x: number[]; y: number[] } {
  return python(
    `import gzip, numpy as np
def load(p):
    raw = open(p, "rb").read()
    if raw[:2] == b"\\x1f\\x8b": raw = gzip.decompress(raw)
    nd = raw[3]
    dims = np.frombuffer(raw[4:4 + 4 * nd], dtype=">u4")
    return np.frombuffer(raw[4 + 4 * nd:], dtype=np.uint8).reshape(dims)
print(json.dumps({"x": (load(INPUT[0]) / 255.0).reshape(-1).tolist(), "y": load(INPUT[1]).tolist()}))`,
    [images, labels],
  );
}

test("IDX pairs, gzip or plain, read as numpy reads them; classes run 0..max label", async () => {
  const dir = tempDir("idx");
  const labels = Array.from({ length: 12 }, (_, i) => i % 4);
  writeFileSync(join(dir, "train-images-idx3-ubyte.gz"), gzipSync(idx([12, 5, 7], 1)));
  writeFileSync(join(dir, "train-labels-idx1-ubyte"), idx([12], 0, labels));
  writeFileSync(join(dir, "t10k-images-idx3-ubyte"), idx([4, 5, 7], 2));
  writeFileSync(join(dir, "t10k-labels-idx1-ubyte.gz"), gzipSync(idx([4], 0, [3, 2, 1, 0])));
  writeFileSync(join(dir, "README.txt"), "not an IDX file");
  const ds = await openDataset(`idx:${dir}`, { warn: null });
  assert.deepEqual(ds.classes, ["0", "1", "2", "3"]);
  assert.deepEqual(ds.train.imageShape, [5, 7, 1]);
  for (const [split, prefix] of [
    [ds.train, "train"],
    [ds.test, "t10k"],
  ] as const) {
    const want = numpyIdx(
      join(dir, `${prefix}-images-idx3-ubyte${prefix === "train" ? ".gz" : ""}`),
      join(dir, `${prefix}-labels-idx1-ubyte${prefix === "train" ? "" : ".gz"}`),
    );
    const b = await split.batch(Array.from({ length: split.count }, (_, i) => i));
    assert.deepEqual([...b.y], want.y);
    assert.equal(b.x.length, want.x.length);
    assert.ok(b.x.every((v, i) => Math.abs(v - want.x[i]) < 1e-6));
  }
});

test("IDX without test files gets a stratified held-out split; imageSize resamples", async () => {
  const dir = tempDir("idx-split");
  writeFileSync(join(dir, "train-images-idx3-ubyte"), idx([30, 4, 4], 3));
  writeFileSync(
    join(dir, "train-labels-idx1-ubyte"),
    idx(
      [30],
      0,
      Array.from({ length: 30 }, (_, i) => (i < 20 ? 0 : 1)),
    ),
  );
  const ds = await openDataset(`idx:${dir}`, { testFraction: 0.3, imageSize: 8, warn: null });
  assert.equal(ds.test.count, 9);
  assert.deepEqual([...ds.test.labels()].filter((y) => y === 1).length, 3);
  assert.deepEqual(ds.test.imageShape, [8, 8, 1]);
  assert.equal((await ds.test.batch([0, 1])).x.length, 2 * 64);
});

test("bad IDX input is refused with a InputError naming the file", async () => {
  const cases: Array<[string, Record<string, Buffer>, RegExp]> = [
    [
      "bad magic",
      {
        "train-images-idx3-ubyte": Buffer.concat([
          Buffer.from([0, 0, 0x0d, 3]),
          idx([2, 2, 2], 1).subarray(4),
        ]),
        "train-labels-idx1-ubyte": idx([2], 0, [0, 1]),
      },
      /train-images-idx3-ubyte has IDX magic 0x00000d03, expected 0x000008NN/,
    ],
    [
      "short data",
      {
        "train-images-idx3-ubyte": idx([3, 2, 2], 1).subarray(0, 20),
        "train-labels-idx1-ubyte": idx([3], 0, [0, 1, 0]),
      },
      /train-images-idx3-ubyte holds 4 data bytes, its header \(3x2x2\) says 12/,
    ],
    [
      "count mismatch",
      {
        "train-images-idx3-ubyte": idx([3, 2, 2], 1),
        "train-labels-idx1-ubyte": idx([2], 0, [0, 1]),
      },
      /holds 3 images but train-labels-idx1-ubyte holds 2 labels/,
    ],
    [
      "broken gzip",
      {
        "train-images-idx3-ubyte.gz": gzipSync(idx([3, 2, 2], 1)).subarray(0, 15),
        "train-labels-idx1-ubyte": idx([3], 0, [0, 1, 0]),
      },
      /train-images-idx3-ubyte\.gz is damaged gzip/,
    ],
    [
      "labels missing",
      { "train-images-idx3-ubyte": idx([3, 2, 2], 1) },
      /train-images-idx3-ubyte without its labels file/,
    ],
    ["nothing", {}, /has no train-images-idx3-ubyte/],
  ];
  for (const [what, files, message] of cases) {
    const dir = tempDir("idx-bad");
    for (const [name, bytes] of Object.entries(files)) writeFileSync(join(dir, name), bytes);
    await assert.rejects(
      openDataset(`idx:${dir}`, { warn: null }),
      (e: Error) => e instanceof InputError && message.test(e.message),
      what,
    );
  }
});
