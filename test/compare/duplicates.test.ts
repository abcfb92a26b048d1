/** pHash against scipy's DCT and the median rule, real files through sharp, and the band index against
 * comparing every pair. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import sharp from "sharp";
import {
  hamming,
  hashDataset,
  lowDct,
  nearDuplicates,
  nearPairs,
  pHash,
  pHashFile,
} from "../../src/compare/duplicates";
import { pairGrid, sampleGrid } from "../../src/compare/images-grid";
import { openDataset } from "../../src/data/index";
import { arrayImages } from "../../src/data/array-source";
import type { Dataset } from "../../src/data/dataset";
import { Rng } from "../../src/util/rng";
import { python } from "../helpers/python";
import { smoothImage, tempDir, writeImage } from "../data/fixtures";

test("lowDct is scipy's dct(dct(x, axis=0), axis=1)[:8, :8]; pHash sets the bits above the median", () => {
  const rng = new Rng(2);
  const grey = Float64Array.from({ length: 1024 }, () => rng.next() * 255);
  const want = python<{ dct: number[]; bits: number[] }>(
    `import numpy as np
from scipy.fftpack import dct
a = np.array(INPUT).reshape(32, 32)
low = dct(dct(a, axis=0), axis=1)[:8, :8]
print(json.dumps({"dct": low.reshape(-1).tolist(), "bits": (low > np.median(low)).reshape(-1).astype(int).tolist()}))`,
    Array.from(grey),
  );
  const got = lowDct(grey);
  got.forEach((v, i) =>
    assert.ok(
      Math.abs(v - want.dct[i]) < 1e-6 * Math.max(1, Math.abs(want.dct[i])),
      `coefficient ${i}`,
    ),
  );
  const h = pHash(grey);
  const bits = Array.from({ length: 64 }, (_, i) => (h[i >> 5] >>> (i & 31)) & 1);
  assert.deepEqual(bits, want.bits);
});

test("an image and its resized, recompressed copies are near; unrelated images are far", async () => {
  const dir = tempDir("phash");
  const hashes: Uint32Array[] = [];
  for (let s = 0; s < 4; s++) {
    await writeImage(join(dir, `${s}.png`), smoothImage(100 + s, 200, 150), 200, 150, "png");
    hashes.push(await pHashFile(join(dir, `${s}.png`)));
  }
  await sharp(join(dir, "0.png"))
    .resize(180, 135)
    .jpeg({ quality: 70 })
    .toFile(join(dir, "0-copy.jpg"));
  await sharp(join(dir, "1.png"))
    .resize(260, 195)
    .webp({ quality: 60 })
    .toFile(join(dir, "1-copy.webp"));
  assert.ok(hamming(hashes[0], 0, await pHashFile(join(dir, "0-copy.jpg")), 0) <= 6);
  assert.ok(hamming(hashes[1], 0, await pHashFile(join(dir, "1-copy.webp")), 0) <= 6);
  for (let i = 0; i < 4; i++)
    for (let j = i + 1; j < 4; j++)
      assert.ok(hamming(hashes[i], 0, hashes[j], 0) >= 10, `${i} vs ${j}`);
});

test("the band index finds exactly the pairs that comparing every pair finds", () => {
  const rng = new Rng(9);
  const random = (n: number) => Uint32Array.from({ length: 2 * n }, () => rng.nextUint32());
  const a = random(300);
  const b = random(400);
  // Plant copies of a's hashes in b with 0..9 bits flipped.
  for (let k = 0; k < 60; k++) {
    const i = rng.int(300);
    const j = rng.int(400);
    b[2 * j] = a[2 * i];
    b[2 * j + 1] = a[2 * i + 1];
    for (let f = 0; f < k % 10; f++) b[2 * j + (f & 1)] ^= 1 << rng.int(32);
  }
  const brute = (x: Uint32Array, y: Uint32Array, t: number, same: boolean) => {
    const out: Array<{ a: number; b: number; distance: number }> = [];
    for (let i = 0; i < x.length / 2; i++)
      for (let j = same ? i + 1 : 0; j < y.length / 2; j++) {
        const d = hamming(x, i, y, j);
        if (d <= t) out.push({ a: i, b: j, distance: d });
      }
    return out.sort((p, q) => p.distance - q.distance || p.a - q.a || p.b - q.b);
  };
  for (let t = 0; t <= 9; t++) {
    const want = brute(a, b, t, false);
    assert.deepEqual(nearPairs(a, b, t), want, `threshold ${t}`);
    if (t >= 3) assert.ok(want.length > 0);
  }
  const ab = new Uint32Array([...a, ...b]);
  assert.deepEqual(nearPairs(ab, ab, 5), brute(ab, ab, 5, true));
});

test("nearDuplicates across two image folders finds the planted copies; the pair grid shows them", async () => {
  const root = tempDir("dups");
  for (const d of ["a/x", "a/y", "b/p", "b/q"]) mkdirSync(join(root, d), { recursive: true });
  for (let s = 0; s < 6; s++)
    await writeImage(
      join(root, "a", s < 3 ? "x" : "y", `${s}.png`),
      smoothImage(200 + s, 120, 90),
      120,
      90,
      "png",
    );
  for (let s = 0; s < 5; s++)
    await writeImage(
      join(root, "b", s < 2 ? "p" : "q", `${s}.jpg`),
      smoothImage(300 + s, 100, 100),
      100,
      100,
      "jpeg",
    );
  await sharp(join(root, "a/x/1.png"))
    .resize(100, 75)
    .jpeg({ quality: 75 })
    .toFile(join(root, "b/p/copy-of-1.jpg"));
  await sharp(join(root, "a/y/4.png"))
    .resize(150, 112)
    .webp({ quality: 70 })
    .toFile(join(root, "b/q/copy-of-4.webp"));
  const a = await openDataset(`folder:${root}/a`, {
    imageSize: 32,
    testFraction: 0.34,
    warn: null,
  });
  const b = await openDataset(`folder:${root}/b`, { imageSize: 32, testFraction: 0.3, warn: null });
  const pairs = await nearDuplicates(a, b);
  const names = pairs.map((p) =>
    [a[p.a.split].files![p.a.index].path, b[p.b.split].files![p.b.index].path].map((f) =>
      f.split("/").pop(),
    ),
  );
  assert.deepEqual(names.sort(), [
    ["1.png", "copy-of-1.jpg"],
    ["4.png", "copy-of-4.webp"],
  ]);
  for (const p of pairs) {
    assert.equal(p.a.label, a[p.a.split].labels()[p.a.index]);
    assert.equal(p.b.label, b[p.b.split].labels()[p.b.index]);
    assert.ok(p.distance <= 6);
  }
  const png = await pairGrid(pairs, a, b, { cell: 32 });
  const info = python<{ size: number[]; tile: number[] }>(
    `from PIL import Image
import numpy as np
im = Image.open(INPUT).convert("RGB")
print(json.dumps({"size": list(im.size), "tile": (np.asarray(im)[2:34, 2:34] / 255.0).reshape(-1).tolist()}))`,
    savePng(root, "pairs.png", png),
  );
  assert.deepEqual(info.size, [2 * 34 + 2, 2 * 34 + 2]);
  // The first tile is the first pair's A image as the dataset shows it (same size, so no resampling).
  const first = await a[pairs[0].a.split].batch([pairs[0].a.index]);
  assert.ok(first.x.every((v, i) => Math.abs(v - info.tile[i]) <= 1 / 255 + 1e-6));
});

test("array sources hash from their pixels: a copy with brightness and contrast changed is found, nothing else", async () => {
  const n = 40;
  const images = Buffer.alloc(n * 28 * 28);
  for (let i = 0; i < n; i++)
    images.set(
      smoothImage(500 + i, 28, 28).filter((_, k) => k % 3 === 0),
      i * 784,
    );
  const copy = Buffer.from(images.subarray(7 * 784, 8 * 784)).map((v) => Math.round(v * 0.9 + 12));
  const make = (pixels: Uint8Array, count: number, name: string): Dataset => {
    const split = arrayImages(pixels, new Int32Array(count), [28, 28, 1], { pad: 2, flip: false });
    return {
      name,
      classes: ["c"],
      train: split,
      test: arrayImages(new Uint8Array(0), new Int32Array(0), [28, 28, 1], { pad: 2, flip: false }),
      source: name,
    };
  };
  const a = make(images, n, "a");
  const b = make(copy, 1, "b");
  const pairs = await nearDuplicates(a, b, { maxDistance: 4 });
  assert.deepEqual(
    pairs.map((p) => [p.a.index, p.b.index]),
    [[7, 0]],
  );
  const hashes = await hashDataset(a);
  assert.equal(hashes.items.length, n);
  assert.equal(hashes.failed.length, 0);
});

test("sampleGrid lays out one row per class of the chosen size", async () => {
  const ds = await openDataset("mnist", { limitTrain: 300, limitTest: 10, warn: null });
  const root = tempDir("grid");
  const size = python<number[]>(
    `from PIL import Image\nprint(json.dumps(list(Image.open(INPUT).size)))`,
    savePng(root, "s.png", await sampleGrid(ds, { perClass: 5, cell: 20, maxClasses: 4 })),
  );
  assert.deepEqual(size, [5 * 22 + 2, 4 * 22 + 2]);
});

function savePng(dir: string, name: string, png: Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, png);
  return path;
}
