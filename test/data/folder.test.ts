/** Image folders through the real decoder: formats, bad files, layouts, and pixels against Pillow's decode. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { openDataset } from "../../src/data/index";
import { decodeImageFile, bytesToFloats } from "../../src/data/decode";
import { InputError } from "../../src/errors";
import { Rng } from "../../src/util/rng";
import { python } from "../helpers/python";
import { smoothImage, tempDir, writeImage } from "./fixtures";

/** Pillow's RGB decode of `path` (EXIF orientation applied) as floats in [0, 1], cropped to rows
 * top..top+h and columns left..left+w, mirrored if asked. */
function pillow(
  path: string,
  box: { left: number; top: number; width: number; height: number },
  mirror = false,
): number[] {
  return python<number[]>(
    `from PIL import Image, ImageOps
import numpy as np
im = ImageOps.exif_transpose(Image.open(INPUT["path"])).convert("RGB")
b = INPUT["box"]
a = np.asarray(im, dtype=np.float64)[b["top"]:b["top"]+b["height"], b["left"]:b["left"]+b["width"]] / 255
if INPUT["mirror"]: a = a[:, ::-1]
print(json.dumps(a.reshape(-1).tolist()))`,
    { path, box, mirror },
  );
}

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assert.equal(a.length, b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

/** A folder with good files in three formats, nested files, and every kind of bad input the source skips. */
async function messyFolder(): Promise<string> {
  const root = tempDir("folder");
  for (const c of ["broken", "cat", "dog", "empty", "dog/sub"])
    mkdirSync(join(root, c), { recursive: true });
  writeFileSync(join(root, "broken/only.png"), "no picture here");
  await writeImage(join(root, "cat/a.png"), smoothImage(1, 40, 30), 40, 30, "png");
  await writeImage(join(root, "cat/b.jpg"), smoothImage(2, 50, 50), 50, 50, "jpeg");
  await writeImage(join(root, "cat/c.webp"), smoothImage(3, 30, 40), 30, 40, "webp");
  await writeImage(join(root, "dog/d.png"), smoothImage(4, 20, 20), 20, 20, "png");
  await writeImage(join(root, "dog/e.JPEG"), smoothImage(5, 64, 48), 64, 48, "jpeg");
  await writeImage(join(root, "dog/sub/f.png"), smoothImage(6, 33, 17), 33, 17, "png");
  await writeImage(join(root, "stray.png"), smoothImage(7, 10, 10), 10, 10, "png");
  const jpg = readFileSync(join(root, "cat/b.jpg"));
  writeFileSync(join(root, "cat/truncated.jpg"), jpg.subarray(0, jpg.length >> 1));
  writeFileSync(join(root, "cat/fake.jpg"), "this is text, not a JPEG\n");
  writeFileSync(join(root, "dog/notes.txt"), "labels checked by hand\n");
  const png = readFileSync(join(root, "dog/d.png"));
  writeFileSync(join(root, "dog/cut.png"), png.subarray(0, png.length - 20));
  return root;
}

test("a messy folder opens: good files kept with their sizes, each bad input reported by name and reason", async () => {
  const root = await messyFolder();
  const warned: string[] = [];
  const ds = await openDataset(`folder:${root}`, {
    imageSize: 16,
    testFraction: 0.5,
    warn: (l) => warned.push(l),
  });
  assert.deepEqual(ds.classes, ["broken", "cat", "dog", "empty"]);
  assert.equal(ds.train.count + ds.test.count, 6);
  const reasons = new Map(ds.report.map((p) => [p.file.slice(root.length + 1), p.reason]));
  assert.match(reasons.get("cat/truncated.jpg") ?? "", /truncated JPEG/);
  assert.match(reasons.get("cat/fake.jpg") ?? "", /unreadable image header/);
  assert.match(reasons.get("dog/notes.txt") ?? "", /not an image file/);
  assert.match(reasons.get("dog/cut.png") ?? "", /truncated PNG/);
  assert.match(reasons.get("stray.png") ?? "", /outside any class folder/);
  assert.match(reasons.get("empty") ?? "", /class folder has no images/);
  assert.match(reasons.get("broken/only.png") ?? "", /unreadable image header/);
  assert.match(reasons.get("broken") ?? "", /none of the 1 image files of this class is readable/);
  assert.equal(ds.report.length, 8);
  assert.equal(warned.length, 8);
  // Sizes are the files' own, as Pillow reads them.
  const files = [...ds.train.files!, ...ds.test.files!].sort((a, b) => (a.path < b.path ? -1 : 1));
  const sizes = python<number[][]>(
    `from PIL import Image\nprint(json.dumps([list(Image.open(p).size) for p in INPUT]))`,
    files.map((f) => f.path),
  );
  assert.deepEqual(
    files.map((f) => [f.width, f.height]),
    sizes,
  );
  // Every item decodes to 16x16x3 in [0, 1] with its folder's label.
  for (const split of [ds.train, ds.test]) {
    assert.deepEqual(split.imageShape, [16, 16, 3]);
    const b = await split.batch(Array.from({ length: split.count }, (_, i) => i));
    assert.equal(b.x.length, split.count * 16 * 16 * 3);
    assert.ok(b.x.every((v) => v >= 0 && v <= 1));
    assert.deepEqual(
      [...b.y],
      split.files!.map((f) => ds.classes.indexOf(f.path.slice(root.length + 1).split("/")[0])),
    );
  }
});

test("train/ and val/ folders become the splits; pixels match Pillow's decode (centre crop of the shorter side)", async () => {
  const root = tempDir("split");
  for (const d of ["train/a", "train/b", "val/a", "val/b"])
    mkdirSync(join(root, d), { recursive: true });
  await writeImage(join(root, "train/a/wide.png"), smoothImage(10, 24, 16), 24, 16, "png");
  await writeImage(join(root, "train/b/square.webp"), smoothImage(11, 16, 16), 16, 16, "webp");
  await writeImage(join(root, "val/a/tall.jpg"), smoothImage(12, 16, 24), 16, 24, "jpeg", 95);
  await writeImage(join(root, "val/b/tall.png"), smoothImage(13, 16, 20), 16, 20, "png");
  const ds = await openDataset(`folder:${root}`, { imageSize: 16, warn: null });
  assert.deepEqual(ds.classes, ["a", "b"]);
  assert.equal(ds.report.length, 0);
  assert.deepEqual(
    ds.train.files!.map((f) => f.path.slice(root.length + 1)),
    ["train/a/wide.png", "train/b/square.webp"],
  );
  assert.deepEqual(
    ds.test.files!.map((f) => f.path.slice(root.length + 1)),
    ["val/a/tall.jpg", "val/b/tall.png"],
  );
  const train = await ds.train.batch([0, 1]);
  const test = await ds.test.batch([0, 1]);
  const per = 16 * 16 * 3;
  // The shorter side is already 16, so the view is an exact centre crop: lossless formats match bit for bit.
  assert.ok(
    maxDiff(
      train.x.subarray(0, per),
      pillow(join(root, "train/a/wide.png"), { left: 4, top: 0, width: 16, height: 16 }),
    ) < 1e-6,
  );
  assert.ok(
    maxDiff(
      train.x.subarray(per),
      pillow(join(root, "train/b/square.webp"), { left: 0, top: 0, width: 16, height: 16 }),
    ) < 1e-6,
  );
  assert.ok(
    maxDiff(
      test.x.subarray(per),
      pillow(join(root, "val/b/tall.png"), { left: 0, top: 2, width: 16, height: 16 }),
    ) < 1e-6,
  );
  // JPEG: two libjpeg builds may round the inverse DCT differently by a level or two.
  assert.ok(
    maxDiff(
      test.x.subarray(0, per),
      pillow(join(root, "val/a/tall.jpg"), { left: 0, top: 4, width: 16, height: 16 }),
    ) <=
      3 / 255,
  );
  assert.deepEqual([...train.y, ...test.y], [0, 1, 0, 1]);
});

test("a crop box and a mirror cut exactly the pixels Pillow gives for that box, flipped", async () => {
  const root = tempDir("crop");
  const path = join(root, "x.png");
  await writeImage(path, smoothImage(20, 30, 20), 30, 20, "png");
  const box = { left: 7, top: 5, width: 8, height: 8 };
  const out = new Float32Array(8 * 8 * 3);
  bytesToFloats(await decodeImageFile(path, 8, box), 8, 8, 3, true, out, 0);
  assert.ok(maxDiff(out, pillow(path, box, true)) < 1e-6);
});

test("EXIF orientation is applied before sizes, crops and boxes are taken", async () => {
  const root = tempDir("exif");
  mkdirSync(join(root, "k"));
  const sharp = (await import("sharp")).default;
  const path = join(root, "k", "turned.jpg");
  // Stored 40 wide and 20 high, shown turned a quarter (orientation 6): 20 wide and 40 high.
  await sharp(smoothImage(50, 40, 20), { raw: { width: 40, height: 20, channels: 3 } })
    .jpeg({ quality: 95 })
    .withMetadata({ orientation: 6 })
    .toFile(path);
  await writeImage(join(root, "k", "plain.png"), smoothImage(51, 20, 20), 20, 20, "png");
  const ds = await openDataset(`folder:${root}`, { imageSize: 20, testFraction: 0.5, warn: null });
  const split = ds.train.files![0].path === path ? ds.train : ds.test;
  assert.deepEqual(split.files![0], { path, width: 20, height: 40 });
  const view = (await split.batch([0])).x;
  assert.ok(maxDiff(view, pillow(path, { left: 0, top: 10, width: 20, height: 20 })) <= 3 / 255);
  const box = { left: 4, top: 21, width: 6, height: 6 };
  const out = new Float32Array(6 * 6 * 3);
  bytesToFloats(await decodeImageFile(path, 6, box), 6, 6, 3, false, out, 0);
  assert.ok(maxDiff(out, pillow(path, box)) <= 3 / 255);
});

test("grey and RGBA files read as three channels (grey repeated, alpha dropped)", async () => {
  const root = tempDir("modes");
  mkdirSync(join(root, "k"));
  const rgb = smoothImage(30, 16, 16);
  await writeImage(join(root, "k", "colour.png"), rgb, 16, 16, "png");
  const sharp = (await import("sharp")).default;
  await sharp(rgb, { raw: { width: 16, height: 16, channels: 3 } })
    .toColourspace("b-w")
    .png()
    .toFile(join(root, "k", "grey.png"));
  await sharp(rgb, { raw: { width: 16, height: 16, channels: 3 } })
    .ensureAlpha(0.5)
    .png()
    .toFile(join(root, "k", "rgba.png"));
  const ds = await openDataset(`folder:${root}`, { imageSize: 16, testFraction: 0.01, warn: null });
  const all = [...ds.train.files!, ...ds.test.files!].map((f) => f.path);
  const split = (p: string) => (ds.train.files!.some((f) => f.path === p) ? ds.train : ds.test);
  const pixels = async (name: string) => {
    const p = all.find((f) => f.endsWith(name))!;
    const s = split(p);
    return (await s.batch([s.files!.findIndex((f) => f.path === p)])).x;
  };
  const grey = await pixels("grey.png");
  for (let i = 0; i < grey.length; i += 3)
    assert.ok(grey[i] === grey[i + 1] && grey[i] === grey[i + 2]);
  assert.ok(
    maxDiff(grey, pillow(join(root, "k", "grey.png"), { left: 0, top: 0, width: 16, height: 16 })) <
      1e-6,
  );
  assert.ok(maxDiff(await pixels("rgba.png"), await pixels("colour.png")) < 1e-6);
});

test("a file that passes the header check but fails to decode is left out of its batch, reported, and the rest kept", async () => {
  const root = tempDir("late");
  mkdirSync(join(root, "a"));
  mkdirSync(join(root, "b"));
  for (let i = 0; i < 4; i++)
    await writeImage(
      join(root, i < 2 ? "a" : "b", `${i}.jpg`),
      smoothImage(40 + i, 96, 96),
      96,
      96,
      "jpeg",
    );
  // Cut the entropy data short but keep the end marker: the header check passes, decoding does not.
  const jpg = readFileSync(join(root, "a", "1.jpg"));
  writeFileSync(
    join(root, "a", "1.jpg"),
    Buffer.concat([jpg.subarray(0, Math.floor(jpg.length * 0.8)), Buffer.from([0xff, 0xd9])]),
  );
  const ds = await openDataset(`folder:${root}`, { imageSize: 8, testFraction: 0.5, warn: null });
  assert.equal(ds.report.length, 0, "the header check passes");
  const split = ds.train.files!.some((f) => f.path.endsWith("1.jpg")) ? ds.train : ds.test;
  const bad = split.files!.findIndex((f) => f.path.endsWith("1.jpg"));
  const b = await split.batch([0, 1], { augment: true, rng: new Rng(1) });
  assert.equal(b.y.length, 1);
  assert.deepEqual([...b.kept!], [1 - bad]);
  assert.equal(b.x.length, 8 * 8 * 3);
  assert.equal(ds.report.length, 1);
  assert.match(ds.report[0].file, /1\.jpg$/);
  assert.match(ds.report[0].reason, /does not decode/);
  // verify "full" finds it when the folder is opened instead.
  const full = await openDataset(`folder:${root}`, { imageSize: 8, verify: "full", warn: null });
  assert.equal(full.train.count + full.test.count, 3);
  assert.match(full.report[0].reason, /does not decode/);
});

test("augmented batches are seeded: same rng same pixels, another seed other crops", async () => {
  const root = tempDir("aug");
  mkdirSync(join(root, "a"));
  for (let i = 0; i < 3; i++)
    await writeImage(join(root, "a", `${i}.png`), smoothImage(60 + i, 40, 28), 40, 28, "png");
  const ds = await openDataset(`folder:${root}`, { imageSize: 12, testFraction: 0.34, warn: null });
  const idx = [0, 1];
  const one = await ds.train.batch(idx, { augment: true, rng: new Rng(5) });
  const again = await ds.train.batch(idx, { augment: true, rng: new Rng(5) });
  const other = await ds.train.batch(idx, { augment: true, rng: new Rng(6) });
  const plain = await ds.train.batch(idx);
  assert.deepEqual(one.x, again.x);
  assert.notDeepEqual(one.x, other.x);
  assert.notDeepEqual(one.x, plain.x);
});

test("with limits only the chosen files are opened: bad files elsewhere go unnoticed", async () => {
  const root = tempDir("limit");
  for (const c of ["a", "b"]) mkdirSync(join(root, c));
  for (let i = 0; i < 20; i++)
    await writeImage(
      join(root, i % 2 ? "a" : "b", `${i}.png`),
      smoothImage(70 + i, 12, 12),
      12,
      12,
      "png",
    );
  for (let i = 0; i < 10; i++) writeFileSync(join(root, "a", `bad${i}.png`), "not a png");
  const ds = await openDataset(`folder:${root}`, {
    imageSize: 8,
    limitTrain: 4,
    limitTest: 2,
    seed: 1,
    warn: null,
  });
  const bad = ds.report.filter((p) => /bad\d\.png$/.test(p.file));
  assert.ok(bad.length < 10, "not every bad file was opened");
  assert.equal(ds.train.count + ds.test.count + bad.length, 6);
  const again = await openDataset(`folder:${root}`, {
    imageSize: 8,
    limitTrain: 4,
    limitTest: 2,
    seed: 1,
    warn: null,
  });
  assert.deepEqual(again.train.files, ds.train.files);
});

test("unusable folders are refused with a InputError naming the path", async () => {
  const root = tempDir("refuse");
  await assert.rejects(
    openDataset(`folder:${join(root, "missing")}`, { warn: null }),
    (e: Error) => e instanceof InputError && /missing does not exist/.test(e.message),
  );
  writeFileSync(join(root, "file.jpg"), "x");
  await assert.rejects(
    openDataset(`folder:${join(root, "file.jpg")}`, { warn: null }),
    (e: Error) => e instanceof InputError && /is not a folder/.test(e.message),
  );
  await assert.rejects(
    openDataset(`folder:${root}`, { warn: null }),
    (e: Error) => e instanceof InputError && /no class folders/.test(e.message),
  );
  mkdirSync(join(root, "c"));
  writeFileSync(join(root, "c", "bad.png"), "not a png");
  await assert.rejects(
    openDataset(`folder:${root}`, { warn: null }),
    (e: Error) => e instanceof InputError && /holds no readable images/.test(e.message),
  );
});
