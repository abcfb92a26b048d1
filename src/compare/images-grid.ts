/** Pictures of datasets as PNG grids (sharp composite): a few samples per class, and near-duplicate pairs
 * side by side, so a notebook can show what the numbers are about. */
import sharp from "sharp";
import type { Dataset, LabeledImages } from "../data/dataset";
import { Rng } from "../util/rng";
import type { DuplicatePair } from "./duplicates";

/** One tile: an RGB image of cell x cell. */
interface Tile {
  input: Buffer;
  raw: { width: number; height: number; channels: 3 };
  left: number;
  top: number;
}

const GAP = 2;

/** The images of `split` at `indices` as cell x cell RGB tiles (grey repeated to three channels). */
async function tiles(split: LabeledImages, indices: number[], cell: number): Promise<Buffer[]> {
  if (indices.length === 0) return [];
  const [h, w, c] = split.imageShape;
  const { x, kept } = await split.batch(indices);
  const per = h * w * c;
  const blank = Buffer.alloc(cell * cell * 3, 255);
  const at = kept ? new Map(Array.from(kept, (pos, j) => [pos, j])) : null;
  return Promise.all(
    indices.map(async (_, pos) => {
      const j = at ? at.get(pos) : pos;
      if (j === undefined) return blank;
      const bytes = Buffer.alloc(h * w * 3);
      for (let p = 0; p < h * w; p++)
        for (let ch = 0; ch < 3; ch++)
          bytes[p * 3 + ch] = Math.round(255 * x[j * per + p * c + (c >= 3 ? ch : 0)]);
      return sharp(bytes, { raw: { width: w, height: h, channels: 3 } })
        .resize(cell, cell, {
          fit: "contain",
          background: "#ffffff",
          kernel: Math.max(h, w) * 2 <= cell ? "nearest" : "lanczos3",
        })
        .raw()
        .toBuffer();
    }),
  );
}

/** Tiles placed in `rows` x `columns` cells on white, as PNG. */
async function composeGrid(
  grid: Array<Array<Buffer | null>>,
  columns: number,
  cell: number,
): Promise<Buffer> {
  const width = columns * (cell + GAP) + GAP;
  const height = grid.length * (cell + GAP) + GAP;
  const layers: Tile[] = [];
  grid.forEach((row, r) =>
    row.forEach((input, col) => {
      if (input)
        layers.push({
          input,
          raw: { width: cell, height: cell, channels: 3 },
          left: GAP + col * (cell + GAP),
          top: GAP + r * (cell + GAP),
        });
    }),
  );
  return sharp({ create: { width, height, channels: 3, background: "#ffffff" } })
    .composite(layers)
    .png()
    .toBuffer();
}

export interface SampleGridOptions {
  split?: "train" | "test";
  /** Images per class (default 8). */
  perClass?: number;
  /** At most this many classes, the first ones (default 20). */
  maxClasses?: number;
  /** Side of one tile in pixels (default 56). */
  cell?: number;
  seed?: number;
}

/** A PNG with one row per class (in class order) of seeded random samples from that class. */
export async function sampleGrid(ds: Dataset, opts: SampleGridOptions = {}): Promise<Buffer> {
  const split = ds[opts.split ?? "train"];
  const perClass = opts.perClass ?? 8;
  const cell = opts.cell ?? 56;
  const rng = new Rng(opts.seed ?? 0);
  const labels = split.labels();
  const order = rng.permutation(split.count);
  const rows = Math.min(ds.classes.length, opts.maxClasses ?? 20);
  const picks: number[][] = Array.from({ length: rows }, () => []);
  for (const i of order)
    if (labels[i] < rows && picks[labels[i]].length < perClass) picks[labels[i]].push(i);
  const grid = await Promise.all(picks.map((p) => tiles(split, p, cell)));
  return composeGrid(grid, perClass, cell);
}

export interface PairGridOptions {
  /** Pairs shown, nearest first (default 16). */
  max?: number;
  cell?: number;
}

/** A PNG with one row per near-duplicate pair: the image from `a` left, the one from `b` right. */
export async function pairGrid(
  pairs: readonly DuplicatePair[],
  a: Dataset,
  b: Dataset,
  opts: PairGridOptions = {},
): Promise<Buffer> {
  const cell = opts.cell ?? 96;
  const shown = pairs.slice(0, opts.max ?? 16);
  if (shown.length === 0) throw new RangeError("pairGrid: no pairs to show");
  const grid = await Promise.all(
    shown.map(async (p) => [
      (await tiles(a[p.a.split], [p.a.index], cell))[0],
      (await tiles(b[p.b.split], [p.b.index], cell))[0],
    ]),
  );
  return composeGrid(grid, 2, cell);
}
