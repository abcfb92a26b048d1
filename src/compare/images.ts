/** Two image datasets side by side: class counts per split, image sizes and aspect ratios (original file
 * sizes for folders, the array size otherwise), and per-channel means and standard deviations of the pixels
 * as a model sees them. Pure data in, plain rows out (toDataFrame in classesTables turns rows into frames). */
import type { Dataset, LabeledImages } from "../data/dataset";
import { Rng } from "../util/rng";

export interface ImageStatsOptions {
  /** Items per dataset whose pixels enter the channel statistics (seeded sample; default 2000, 0 = all). */
  sample?: number;
  seed?: number;
  /** Items read per batch (default 256). */
  batchSize?: number;
}

/** One dataset's image statistics. */
export interface ImageStats {
  name: string;
  classes: readonly string[];
  /** Items per class in each split, in class order. */
  counts: { train: number[]; test: number[] };
  /** Distinct (width, height) with their item counts, most common first. */
  sizes: Array<{ width: number; height: number; count: number }>;
  /** width / height over all items: smallest, quartiles, largest, mean. */
  aspect: { min: number; q1: number; median: number; q3: number; max: number; mean: number };
  /** Whether sizes are the files' own (true) or the source's array size (false). */
  originalSizes: boolean;
  /** Per channel over every pixel of the sampled items, in [0, 1] units (population deviation). */
  channels: { mean: number[]; std: number[] };
  /** Items whose pixels entered `channels`. */
  sampled: number;
}

/** The statistics of one dataset (both splits). */
export async function imageStats(ds: Dataset, opts: ImageStatsOptions = {}): Promise<ImageStats> {
  const counts = {
    train: classCounts(ds.train, ds.classes.length),
    test: classCounts(ds.test, ds.classes.length),
  };
  const dims = [...sizesOf(ds.train), ...sizesOf(ds.test)];
  const bySize = new Map<string, { width: number; height: number; count: number }>();
  for (const [width, height] of dims) {
    const key = `${width}x${height}`;
    const entry = bySize.get(key) ?? { width, height, count: 0 };
    entry.count++;
    bySize.set(key, entry);
  }
  const ratios = Float64Array.from(dims, ([w, h]) => w / h).sort();
  const channels = await channelStats(ds, opts);
  return {
    name: ds.name,
    classes: ds.classes,
    counts,
    sizes: [...bySize.values()].sort(
      (a, b) => b.count - a.count || a.width - b.width || a.height - b.height,
    ),
    aspect: {
      min: ratios[0],
      q1: quantile(ratios, 0.25),
      median: quantile(ratios, 0.5),
      q3: quantile(ratios, 0.75),
      max: ratios[ratios.length - 1],
      mean: ratios.reduce((s, v) => s + v, 0) / ratios.length,
    },
    originalSizes: Boolean(ds.train.files ?? ds.test.files),
    channels: channels.stats,
    sampled: channels.sampled,
  };
}

/** Both datasets' statistics. */
export async function compareImages(
  a: Dataset,
  b: Dataset,
  opts: ImageStatsOptions = {},
): Promise<{ a: ImageStats; b: ImageStats }> {
  return { a: await imageStats(a, opts), b: await imageStats(b, opts) };
}

/** Per-class counts as rows: dataset, class, train, test. */
export function classCountRows(
  ...stats: ImageStats[]
): Array<{ dataset: string; class: string; train: number; test: number }> {
  return stats.flatMap((s) =>
    s.classes.map((c, k) => ({
      dataset: s.name,
      class: c,
      train: s.counts.train[k],
      test: s.counts.test[k],
    })),
  );
}

/** Image sizes as rows: dataset, width, height, count, share of the dataset's items. */
export function sizeRows(
  ...stats: ImageStats[]
): Array<{ dataset: string; width: number; height: number; count: number; share: number }> {
  return stats.flatMap((s) => {
    const total = s.sizes.reduce((n, z) => n + z.count, 0);
    return s.sizes.map((z) => ({ dataset: s.name, ...z, share: z.count / total }));
  });
}

/** Aspect-ratio summaries as rows, one per dataset. */
export function aspectRows(
  ...stats: ImageStats[]
): Array<{ dataset: string } & ImageStats["aspect"]> {
  return stats.map((s) => ({ dataset: s.name, ...s.aspect }));
}

/** Channel means and deviations as rows: dataset, channel (R, G, B or grey), mean, std. */
export function channelRows(
  ...stats: ImageStats[]
): Array<{ dataset: string; channel: string; mean: number; std: number }> {
  return stats.flatMap((s) => {
    const names =
      s.channels.mean.length === 3
        ? ["R", "G", "B"]
        : s.channels.mean.map((_, k) => (s.channels.mean.length === 1 ? "grey" : `c${k}`));
    return names.map((channel, k) => ({
      dataset: s.name,
      channel,
      mean: s.channels.mean[k],
      std: s.channels.std[k],
    }));
  });
}

function classCounts(split: LabeledImages, classes: number): number[] {
  const counts = new Array<number>(classes).fill(0);
  for (const y of split.labels()) counts[y]++;
  return counts;
}

/** (width, height) per item: the file's own where known, else the split's image shape. */
function sizesOf(split: LabeledImages): Array<[number, number]> {
  if (split.files) return split.files.map((f) => [f.width, f.height]);
  return new Array(split.count).fill([split.imageShape[1], split.imageShape[0]]);
}

/** Linear-interpolated quantile of sorted values (numpy's default). */
function quantile(sorted: Float64Array, q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/** Channel means and population deviations over the sampled items of both splits (sums in float64). */
async function channelStats(
  ds: Dataset,
  opts: ImageStatsOptions,
): Promise<{ stats: ImageStats["channels"]; sampled: number }> {
  const c = ds.train.imageShape[2];
  const sum = new Float64Array(c);
  const sq = new Float64Array(c);
  let pixels = 0;
  let sampled = 0;
  const total = ds.train.count + ds.test.count;
  const want = opts.sample === 0 ? total : Math.min(opts.sample ?? 2000, total);
  const chosen = new Rng(opts.seed ?? 0).permutation(total).subarray(0, want).sort();
  const batchSize = opts.batchSize ?? 256;
  for (const [split, offset] of [
    [ds.train, 0],
    [ds.test, ds.train.count],
  ] as const) {
    const mine = Int32Array.from(
      chosen.filter((k) => k >= offset && k < offset + split.count),
      (k) => k - offset,
    );
    for (let start = 0; start < mine.length; start += batchSize) {
      const { x, y } = await split.batch(mine.subarray(start, start + batchSize));
      for (let i = 0; i < x.length; i++) {
        const v = x[i];
        sum[i % c] += v;
        sq[i % c] += v * v;
      }
      pixels += x.length / c;
      sampled += y.length;
    }
  }
  const mean = Array.from(sum, (s) => s / pixels);
  const std = Array.from(sq, (s, k) => Math.sqrt(Math.max(0, s / pixels - mean[k] * mean[k])));
  return { stats: { mean, std }, sampled };
}
