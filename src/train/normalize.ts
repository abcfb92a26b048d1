/** Input standardisation, as every torchvision recipe's Normalize(mean, std): per-channel statistics of
 * the training split, applied to training and test batches alike (no TensorFlow). */
import type { LabeledImages } from "../data/dataset";

export interface ChannelStats {
  mean: number[];
  std: number[];
}

/** Per-channel mean and standard deviation over up to `limit` training items (the first, unaugmented). */
export async function channelStats(split: LabeledImages, limit = 2000): Promise<ChannelStats> {
  const n = Math.min(limit, split.count);
  const c = split.imageShape[2];
  const { x } = await split.batch(Array.from({ length: n }, (_, i) => i));
  const sum = new Array<number>(c).fill(0),
    sq = new Array<number>(c).fill(0);
  for (let i = 0; i < x.length; i++) {
    sum[i % c] += x[i];
    sq[i % c] += x[i] * x[i];
  }
  const count = x.length / c;
  const mean = sum.map((s) => s / count);
  // A constant channel keeps std 1, so it is only centred.
  const std = sq.map((s, k) => Math.sqrt(Math.max(0, s / count - mean[k] ** 2)) || 1);
  return { mean, std };
}

/** (x - mean) / std per channel (channels last), into a new array. */
export function standardise(x: Float32Array, stats: ChannelStats): Float32Array {
  const c = stats.mean.length;
  const out = new Float32Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = (x[i] - stats.mean[i % c]) / stats.std[i % c];
  return out;
}
