/** Streaming a split in batches with prefetch: the next batches decode (sharp, on libuv's threads) while
 * the consumer trains on the current one. */
import type { Batch, LabeledImages } from "./dataset";
import { Rng } from "../util/rng";

export interface StreamOptions {
  batchSize: number;
  /** Visit the items in an order drawn from this generator (one permutation per call); absent: item order. */
  shuffle?: Rng;
  /** Apply the split's training augmentation. */
  augment?: boolean;
  /** Draws augmentation from this generator (default: the shuffle generator). */
  rng?: Rng;
  /** Batches decoding while the consumer works on the current one (default 2; 0 = no prefetch). */
  prefetch?: number;
  /** Leave out a last batch smaller than batchSize. */
  dropLast?: boolean;
}

/** A batch together with the split indices of its items (after any undecodable ones were left out). */
export interface StreamBatch extends Batch {
  items: Int32Array;
}

/** Iterates `split` in batches. Randomness is drawn in batch order when each batch is requested (one child
 * generator per batch), so shuffle, augmentation and therefore the batches are the same for the same
 * generator state whatever the prefetch depth or decode timing; after a complete pass the generators have
 * advanced by the same amount every time. */
export async function* batches(
  split: LabeledImages,
  opts: StreamOptions,
): AsyncGenerator<StreamBatch> {
  const { batchSize } = opts;
  if (!(Number.isInteger(batchSize) && batchSize > 0))
    throw new RangeError(`batchSize must be a positive whole number, got ${batchSize}`);
  const augmentRng = opts.rng ?? opts.shuffle;
  if (opts.augment && !augmentRng)
    throw new Error("batches: augment needs an rng (or a shuffle generator)");
  const order = opts.shuffle
    ? opts.shuffle.permutation(split.count)
    : Int32Array.from({ length: split.count }, (_, i) => i);
  const total = opts.dropLast
    ? Math.floor(split.count / batchSize)
    : Math.ceil(split.count / batchSize);
  const ahead = Math.max(0, opts.prefetch ?? 2);
  const queue: Array<Promise<StreamBatch>> = [];
  let next = 0;
  const request = (): void => {
    const items = order.subarray(next * batchSize, Math.min(split.count, (next + 1) * batchSize));
    next++;
    const rng = opts.augment ? new Rng(augmentRng!.nextUint32()) : undefined;
    const pending = split.batch(items, { augment: opts.augment, rng }).then((b) => ({
      ...b,
      items: b.kept ? Int32Array.from(b.kept, (k) => items[k]) : Int32Array.from(items),
    }));
    // A failure surfaces when the consumer reaches this batch; until then it must not count as unhandled.
    pending.catch(() => undefined);
    queue.push(pending);
  };
  for (;;) {
    while (next < total && queue.length < ahead + 1) request();
    const current = queue.shift();
    if (!current) return;
    const batch = await current;
    // Keep `ahead` batches decoding while the consumer works on this one.
    while (next < total && queue.length < ahead) request();
    yield batch;
  }
}
