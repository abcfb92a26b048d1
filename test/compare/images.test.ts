/** Image statistics against numpy (channel means and deviations, aspect quantiles) and Pillow (file sizes). */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import {
  aspectRows,
  channelRows,
  classCountRows,
  compareImages,
  imageStats,
  sizeRows,
} from "../../src/compare/images";
import { arrayImages } from "../../src/data/array-source";
import { openDataset } from "../../src/data/index";
import type { Dataset } from "../../src/data/dataset";
import { Rng } from "../../src/util/rng";
import { python } from "../helpers/python";
import { smoothImage, tempDir, writeImage } from "../data/fixtures";

/** A small RGB array dataset with per-channel offsets, so the three channels differ. */
function rgbDataset(): { ds: Dataset; train: Uint8Array; test: Uint8Array } {
  const rng = new Rng(8);
  const make = (n: number) =>
    Uint8Array.from({ length: n * 8 * 8 * 3 }, (_, i) =>
      Math.min(255, rng.int(200) + 25 * (i % 3)),
    );
  const train = make(30);
  const test = make(12);
  const labels = (n: number) => Int32Array.from({ length: n }, (_, i) => i % 3);
  const aug = { pad: 1, flip: true };
  const ds: Dataset = {
    name: "rgb",
    classes: ["r", "g", "b"],
    train: arrayImages(train, labels(30), [8, 8, 3], aug),
    test: arrayImages(test, labels(12), [8, 8, 3], aug),
    source: "test",
  };
  return { ds, train, test };
}

test("channel means and deviations over every pixel match numpy; counts per class and split", async () => {
  const { ds, train, test: held } = rgbDataset();
  const s = await imageStats(ds, { sample: 0, batchSize: 7 });
  const want = python<{ mean: number[]; std: number[] }>(
    `import numpy as np
a = np.concatenate([np.array(INPUT[0]), np.array(INPUT[1])]).reshape(-1, 3) / 255.0
print(json.dumps({"mean": a.mean(axis=0).tolist(), "std": a.std(axis=0).tolist()}))`,
    [Array.from(train), Array.from(held)],
  );
  s.channels.mean.forEach((m, k) => assert.ok(Math.abs(m - want.mean[k]) < 1e-6, `mean ${k}`));
  s.channels.std.forEach((d, k) => assert.ok(Math.abs(d - want.std[k]) < 1e-6, `std ${k}`));
  assert.equal(s.sampled, 42);
  assert.deepEqual(s.counts, { train: [10, 10, 10], test: [4, 4, 4] });
  assert.deepEqual(s.sizes, [{ width: 8, height: 8, count: 42 }]);
  assert.equal(s.originalSizes, false);
  assert.deepEqual(
    channelRows(s).map((r) => r.channel),
    ["R", "G", "B"],
  );
  assert.deepEqual(classCountRows(s)[1], { dataset: "rgb", class: "g", train: 10, test: 4 });
  // A seeded sample of 10 items: 10 items' pixels, the same ones for the same seed.
  const part = await imageStats(ds, { sample: 10, seed: 1 });
  assert.equal(part.sampled, 10);
  assert.deepEqual((await imageStats(ds, { sample: 10, seed: 1 })).channels, part.channels);
});

test("folders report their files' own sizes (as Pillow reads them) and aspect quantiles as numpy computes them", async () => {
  const root = tempDir("stats");
  const dims = [
    [40, 30],
    [30, 40],
    [50, 50],
    [64, 36],
    [20, 20],
    [36, 64],
    [33, 17],
  ];
  for (const c of ["a", "b"]) mkdirSync(join(root, c));
  for (let i = 0; i < dims.length; i++)
    await writeImage(
      join(root, i % 2 ? "a" : "b", `${i}.${["png", "jpg", "webp"][i % 3]}`),
      smoothImage(i, dims[i][0], dims[i][1]),
      dims[i][0],
      dims[i][1],
      (["png", "jpeg", "webp"] as const)[i % 3],
    );
  const ds = await openDataset(`folder:${root}`, { imageSize: 16, testFraction: 0.3, warn: null });
  const mnist = await openDataset("mnist", { limitTrain: 100, limitTest: 20, warn: null });
  const { a: s, b: m } = await compareImages(ds, mnist, { sample: 0 });
  const files = [...ds.train.files!, ...ds.test.files!].map((f) => f.path);
  const want = python<{ sizes: number[][]; q: number[] }>(
    `from PIL import Image
import numpy as np
sizes = [list(Image.open(p).size) for p in INPUT]
r = np.array([w / h for w, h in sizes])
print(json.dumps({"sizes": sizes, "q": [r.min(), *np.quantile(r, [0.25, 0.5, 0.75]), r.max(), r.mean()]}))`,
    files,
  );
  assert.equal(s.originalSizes, true);
  const got = s.sizes.flatMap((z) => Array.from({ length: z.count }, () => [z.width, z.height]));
  assert.deepEqual(got.sort(), want.sizes.sort());
  const q = [s.aspect.min, s.aspect.q1, s.aspect.median, s.aspect.q3, s.aspect.max, s.aspect.mean];
  q.forEach((v, i) => assert.ok(Math.abs(v - want.q[i]) < 1e-12, `aspect statistic ${i}`));
  assert.equal(m.channels.mean.length, 1);
  assert.deepEqual(sizeRows(m), [
    { dataset: "mnist", width: 28, height: 28, count: 120, share: 1 },
  ]);
  assert.deepEqual(
    aspectRows(s, m).map((r) => r.dataset),
    [s.name, "mnist"],
  );
  assert.deepEqual(
    channelRows(m).map((r) => r.channel),
    ["grey"],
  );
});
