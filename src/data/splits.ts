/** Seeded, stratified selection of items: held-out test splits and workshop-sized subsets keep every
 * class's share of the whole, and the same seed always picks the same items. */
import type { LabeledImages } from "./dataset";
import { Rng } from "../util/rng";

/** A generator for one purpose ("split", "limit-train", ...) of a seed, so that each draw is independent
 * of which other options were given. */
export function purposeRng(seed: number, purpose: string): Rng {
  let h = 0x811c9dc5;
  for (let i = 0; i < purpose.length; i++)
    h = Math.imul(h ^ purpose.charCodeAt(i), 0x01000193) >>> 0;
  return new Rng((seed ^ h) >>> 0);
}

/** `n` item indices (ascending) drawn so that each class gets its proportional share (largest remainder,
 * ties to the lower class id); within a class the items are a seeded random choice. */
export function stratifiedSample(labels: ArrayLike<number>, n: number, rng: Rng): Int32Array {
  const total = labels.length;
  if (!Number.isInteger(n) || n < 0 || n > total)
    throw new RangeError(`stratifiedSample: n must be a whole number in 0..${total}, got ${n}`);
  const byClass = new Map<number, number[]>();
  for (let i = 0; i < total; i++) {
    const list = byClass.get(labels[i]);
    if (list) list.push(i);
    else byClass.set(labels[i], [i]);
  }
  const classes = [...byClass.keys()].sort((a, b) => a - b);
  const quota = classes.map((c) => (byClass.get(c)!.length * n) / total);
  const take = quota.map(Math.floor);
  let missing = n - take.reduce((s, v) => s + v, 0);
  const order = classes
    .map((_, k) => k)
    .sort((a, b) => quota[b] - take[b] - (quota[a] - take[a]) || a - b);
  for (let k = 0; missing > 0; k++, missing--) take[order[k]]++;
  const picked: number[] = [];
  classes.forEach((c, k) => {
    const members = byClass.get(c)!;
    rng.shuffle(members);
    for (let j = 0; j < take[k]; j++) picked.push(members[j]);
  });
  return Int32Array.from(picked.sort((a, b) => a - b));
}

/** A stratified held-out split: round(count * testFraction) items go to test, the rest to train. */
export function stratifiedSplit(
  labels: ArrayLike<number>,
  testFraction: number,
  rng: Rng,
): { train: Int32Array; test: Int32Array } {
  if (!(testFraction > 0 && testFraction < 1))
    throw new RangeError(`testFraction must be between 0 and 1, got ${testFraction}`);
  const test = stratifiedSample(labels, Math.round(labels.length * testFraction), rng);
  const inTest = new Uint8Array(labels.length);
  for (const i of test) inTest[i] = 1;
  const train = new Int32Array(labels.length - test.length);
  for (let i = 0, k = 0; i < labels.length; i++) if (!inTest[i]) train[k++] = i;
  return { train, test };
}

/** The items of `split` at `indices`, as a split of its own (labels, files and batches follow). */
export function subsetImages(split: LabeledImages, indices: Int32Array): LabeledImages {
  const all = split.labels();
  for (const i of indices)
    if (!(i >= 0 && i < split.count))
      throw new RangeError(`subsetImages: index ${i} outside 0..${split.count - 1}`);
  const labels = Int32Array.from(indices, (i) => all[i]);
  const files = split.files && Array.from(indices, (i) => split.files![i]);
  return {
    count: indices.length,
    imageShape: split.imageShape,
    files,
    labels: () => labels,
    async batch(want, opts) {
      const mapped = Array.from(want, (k) => {
        if (!(k >= 0 && k < indices.length))
          throw new RangeError(`batch: index ${k} outside 0..${indices.length - 1}`);
        return indices[k];
      });
      return split.batch(mapped, opts);
    },
  };
}

/** Which items of a source's pools make the dataset's splits: train items from the train pool, test items
 * from the test pool or, where the source has none, held out of the train pool. */
export interface Selection {
  train: Int32Array;
  test: Int32Array;
  testPool: "train" | "test";
}

export interface SelectOptions {
  seed: number;
  /** Share held out for test when there is no test pool. */
  testFraction: number;
  limitTrain?: number;
  limitTest?: number;
}

/** Draws the held-out split (when `testLabels` is absent), then the stratified subsets of `limitTrain` and
 * `limitTest` items, each from its own seeded stream, so one limit does not change the other's items. */
export function selectItems(
  trainLabels: Int32Array,
  testLabels: Int32Array | undefined,
  opts: SelectOptions,
): Selection {
  let train = Int32Array.from({ length: trainLabels.length }, (_, i) => i);
  let test: Int32Array;
  if (testLabels) test = Int32Array.from({ length: testLabels.length }, (_, i) => i);
  else
    ({ train, test } = stratifiedSplit(
      trainLabels,
      opts.testFraction,
      purposeRng(opts.seed, "split"),
    ));
  const testPool = testLabels ? "test" : "train";
  return {
    train: limitIndices(train, trainLabels, opts.limitTrain, purposeRng(opts.seed, "limit-train")),
    test: limitIndices(
      test,
      testLabels ?? trainLabels,
      opts.limitTest,
      purposeRng(opts.seed, "limit-test"),
    ),
    testPool,
  };
}

/** A stratified seeded subset of `limit` of `indices` (labels looked up in `labels`), or all of them. */
function limitIndices(
  indices: Int32Array,
  labels: Int32Array,
  limit: number | undefined,
  rng: Rng,
): Int32Array {
  if (limit === undefined || limit >= indices.length) return indices;
  const pick = stratifiedSample(
    Int32Array.from(indices, (i) => labels[i]),
    limit,
    rng,
  );
  return Int32Array.from(pick, (k) => indices[k]);
}
