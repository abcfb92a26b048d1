/** Near-duplicates across two image datasets by perceptual hash: the DCT pHash (64 bits from the 8x8
 * lowest frequencies of a 32x32 grey thumbnail, each bit "above the median"), compared by Hamming distance,
 * searched through band indexes so that two large sets need not be compared pair by pair. */
import sharp from "sharp";
import type { Dataset, LabeledImages } from "../data/dataset";
import { resample } from "../data/resample";
import { decodeConcurrency, mapConcurrent } from "../data/concurrency";

/** 64-bit hashes, two 32-bit words per image (bits 0..31, then 32..63; bit i is DCT coefficient
 * (row i>>3, column i&7) above the median). */
export type HashList = Uint32Array;

const SIDE = 32;
const LOW = 8;
/** cos(pi k (2n + 1) / 64) for k < 8, n < 32: the rows of the DCT-II used. */
const COS = Float64Array.from({ length: LOW * SIDE }, (_, i) =>
  Math.cos((Math.PI * Math.floor(i / SIDE) * (2 * (i % SIDE) + 1)) / (2 * SIDE)),
);

/** Rec. 601 luma, as Pillow's "L" conversion: the grey that pHash implementations hash. */
export function luma(r: number, g: number, b: number): number {
  return 0.299 * r + 0.587 * g + 0.114 * b;
}

/** The 8x8 lowest-frequency DCT-II coefficients (unnormalised, rows then columns, as scipy's dct(dct(x,
 * axis=0), axis=1)[:8, :8]) of a 32x32 grey image given row-major. */
export function lowDct(grey: ArrayLike<number>): Float64Array {
  if (grey.length !== SIDE * SIDE)
    throw new RangeError(`lowDct: expected ${SIDE * SIDE} values, got ${grey.length}`);
  const rows = new Float64Array(LOW * SIDE); // rows[u][x] = sum_y cos(u, y) grey[y][x]
  for (let u = 0; u < LOW; u++) {
    for (let y = 0; y < SIDE; y++) {
      const c = 2 * COS[u * SIDE + y];
      for (let x = 0; x < SIDE; x++) rows[u * SIDE + x] += c * grey[y * SIDE + x];
    }
  }
  const out = new Float64Array(LOW * LOW);
  for (let u = 0; u < LOW; u++) {
    for (let v = 0; v < LOW; v++) {
      let acc = 0;
      for (let x = 0; x < SIDE; x++) acc += COS[v * SIDE + x] * rows[u * SIDE + x];
      out[u * LOW + v] = 2 * acc;
    }
  }
  return out;
}

/** The pHash of a 32x32 grey image: bit i set when coefficient i exceeds the median of the 64. Written to
 * `out` at word `at` (two words). */
export function pHash(
  grey: ArrayLike<number>,
  out: HashList = new Uint32Array(2),
  at = 0,
): HashList {
  const dct = lowDct(grey);
  const sorted = Float64Array.from(dct).sort();
  const median = (sorted[31] + sorted[32]) / 2;
  let lo = 0;
  let hi = 0;
  for (let i = 0; i < 32; i++) if (dct[i] > median) lo |= 1 << i;
  for (let i = 0; i < 32; i++) if (dct[32 + i] > median) hi |= 1 << i;
  out[at] = lo >>> 0;
  out[at + 1] = hi >>> 0;
  return out;
}

/** The pHash of an HWC image (values on any fixed scale): grey by luma, then resampled to 32x32. */
export function pHashPixels(
  pixels: ArrayLike<number>,
  h: number,
  w: number,
  c: number,
  out?: HashList,
  at?: number,
): HashList {
  const grey = new Float32Array(h * w);
  for (let i = 0; i < h * w; i++)
    grey[i] = c >= 3 ? luma(pixels[i * c], pixels[i * c + 1], pixels[i * c + 2]) : pixels[i * c];
  return pHash(resample(grey, h, w, 1, SIDE, SIDE), out, at);
}

/** The pHash of a whole image file (no crop), decoded and shrunk to 32x32 by sharp. */
export async function pHashFile(path: string, out?: HashList, at?: number): Promise<HashList> {
  const rgb = await sharp(path, { failOn: "none" })
    .rotate()
    .resize(SIDE, SIDE, { fit: "fill" })
    .removeAlpha()
    .toColourspace("srgb")
    .raw({ depth: "uchar" })
    .toBuffer();
  return pHashPixels(rgb, SIDE, SIDE, 3, out, at);
}

/** Bits set in a 32-bit word. */
function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
}

/** Hamming distance between hash `i` of `a` and hash `j` of `b`. */
export function hamming(a: HashList, i: number, b: HashList, j: number): number {
  return popcount(a[2 * i] ^ b[2 * j]) + popcount(a[2 * i + 1] ^ b[2 * j + 1]);
}

/** A pair of near images: positions in the two hash lists and their Hamming distance. */
export interface HashPair {
  a: number;
  b: number;
  distance: number;
}

/** All pairs (i of `a`, j of `b`) within `maxDistance` bits, sorted by distance, then i, then j. When `a` and
 * `b` are the same list, each unordered pair appears once (i < j). Up to 7 bits the search splits the hash
 * into maxDistance+1 bands and compares only pairs that agree on a whole band (by pigeonhole no pair within
 * the distance is missed); beyond that bands would be too short to narrow anything, so every pair is compared. */
export function nearPairs(a: HashList, b: HashList, maxDistance: number): HashPair[] {
  if (!(Number.isInteger(maxDistance) && maxDistance >= 0 && maxDistance <= 64))
    throw new RangeError(`maxDistance must be a whole number in 0..64, got ${maxDistance}`);
  const na = a.length / 2;
  const nb = b.length / 2;
  const same = a === b;
  const pairs: HashPair[] = [];
  const consider = (i: number, j: number): void => {
    if (same && j <= i) return;
    const d = hamming(a, i, b, j);
    if (d <= maxDistance) pairs.push({ a: i, b: j, distance: d });
  };
  if (maxDistance > 7) {
    for (let i = 0; i < na; i++) for (let j = 0; j < nb; j++) consider(i, j);
  } else {
    const bands = bandLayout(maxDistance + 1);
    const index = new Map<number, number[]>();
    for (let j = 0; j < nb; j++) {
      bands.forEach((band, k) => {
        const key = k * 2 ** 32 + bandValue(b, j, band);
        const list = index.get(key);
        if (list) list.push(j);
        else index.set(key, [j]);
      });
    }
    const seenBy = new Int32Array(nb).fill(-1);
    for (let i = 0; i < na; i++) {
      bands.forEach((band, k) => {
        for (const j of index.get(k * 2 ** 32 + bandValue(a, i, band)) ?? []) {
          if (seenBy[j] === i) continue;
          seenBy[j] = i;
          consider(i, j);
        }
      });
    }
  }
  return pairs.sort((p, q) => p.distance - q.distance || p.a - q.a || p.b - q.b);
}

/** `count` contiguous bit ranges covering 0..63 as evenly as possible. */
function bandLayout(count: number): Array<{ start: number; length: number }> {
  return Array.from({ length: count }, (_, k) => {
    const start = Math.floor((k * 64) / count);
    return { start, length: Math.floor(((k + 1) * 64) / count) - start };
  });
}

/** Bits start..start+length-1 (length <= 32) of hash j, as an unsigned integer. */
function bandValue(h: HashList, j: number, band: { start: number; length: number }): number {
  let value = 0;
  for (let bit = band.start; bit < band.start + band.length; bit++) {
    const word = h[2 * j + (bit >> 5)];
    value = value * 2 + ((word >>> (bit & 31)) & 1);
  }
  return value;
}

/** Which split an item belongs to and its index there. */
export interface ItemRef {
  split: "train" | "test";
  index: number;
}

/** Hashes of a dataset's items (train then test), with the reference of each; files that could not be
 * decoded are left out and listed in `failed`. */
export interface DatasetHashes {
  items: ItemRef[];
  hashes: HashList;
  failed: ItemRef[];
}

export interface HashOptions {
  /** Splits to hash (default both). */
  splits?: Array<"train" | "test">;
  /** Items read per batch for array sources (default 512). */
  batchSize?: number;
}

/** Hashes every item of `ds`'s splits: image files whole from disk, other sources from their pixels. */
export async function hashDataset(ds: Dataset, opts: HashOptions = {}): Promise<DatasetHashes> {
  const items: ItemRef[] = [];
  const failed: ItemRef[] = [];
  const words: number[] = [];
  for (const split of opts.splits ?? ["train", "test"]) {
    const { hashes, ok } = await hashSplit(ds[split], opts.batchSize ?? 512);
    ok.forEach((good, index) => {
      if (good) {
        items.push({ split, index });
        words.push(hashes[2 * index], hashes[2 * index + 1]);
      } else failed.push({ split, index });
    });
  }
  return { items, hashes: Uint32Array.from(words), failed };
}

async function hashSplit(
  images: LabeledImages,
  batchSize: number,
): Promise<{ hashes: HashList; ok: boolean[] }> {
  const hashes = new Uint32Array(images.count * 2);
  const files = images.files;
  if (files) {
    const ok = await mapConcurrent(files, decodeConcurrency(), (f, i) =>
      pHashFile(f.path, hashes, 2 * i).then(
        () => true,
        () => false,
      ),
    );
    return { hashes, ok };
  }
  const [h, w, c] = images.imageShape;
  const per = h * w * c;
  for (let start = 0; start < images.count; start += batchSize) {
    const idx = Int32Array.from(
      { length: Math.min(batchSize, images.count - start) },
      (_, k) => start + k,
    );
    const { x } = await images.batch(idx);
    for (let k = 0; k < idx.length; k++)
      pHashPixels(x.subarray(k * per, (k + 1) * per), h, w, c, hashes, 2 * (start + k));
  }
  return { hashes, ok: new Array<boolean>(images.count).fill(true) };
}

/** A near-duplicate pair across two datasets. */
export interface DuplicatePair {
  a: ItemRef & { label: number };
  b: ItemRef & { label: number };
  distance: number;
}

/** Near-duplicates between datasets `a` and `b` (all splits unless `opts.splits`): every cross pair within
 * `maxDistance` bits (default 6), nearest first. Pass the same dataset twice for duplicates within one. */
export async function nearDuplicates(
  a: Dataset,
  b: Dataset,
  opts: HashOptions & { maxDistance?: number } = {},
): Promise<DuplicatePair[]> {
  const ha = await hashDataset(a, opts);
  const hb = a === b ? ha : await hashDataset(b, opts);
  const label = (ds: Dataset, r: ItemRef) => ({ ...r, label: ds[r.split].labels()[r.index] });
  return nearPairs(ha.hashes, hb.hashes, opts.maxDistance ?? 6).map((p) => ({
    a: label(a, ha.items[p.a]),
    b: label(b, hb.items[p.b]),
    distance: p.distance,
  }));
}
