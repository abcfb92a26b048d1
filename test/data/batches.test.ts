/** Streaming batches: each item once per pass, seeded order and augmentation independent of prefetch depth,
 * and requests issued ahead of the consumer. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { batches, type StreamBatch } from "../../src/data/batches";
import { arrayImages } from "../../src/data/array-source";
import type { LabeledImages } from "../../src/data/dataset";
import { Rng } from "../../src/util/rng";

const count = 103;
const pixels = Uint8Array.from(
  { length: count * 6 * 6 },
  (_, i) => (i * 37 + Math.floor(i / 36)) % 256,
);
const labels = Int32Array.from({ length: count }, (_, i) => i % 5);
const split = arrayImages(pixels, labels, [6, 6, 1], { pad: 2, flip: true });

async function collect(
  s: LabeledImages,
  opts: Parameters<typeof batches>[1],
): Promise<StreamBatch[]> {
  const out: StreamBatch[] = [];
  for await (const b of batches(s, opts)) out.push(b);
  return out;
}

test("a shuffled pass visits every item once, in batches of batchSize with a short last one", async () => {
  const got = await collect(split, { batchSize: 10, shuffle: new Rng(1) });
  assert.deepEqual(
    got.map((b) => b.y.length),
    [10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 3],
  );
  const items = got.flatMap((b) => [...b.items]);
  assert.deepEqual(
    [...items].sort((a, b) => a - b),
    Array.from({ length: count }, (_, i) => i),
  );
  assert.notDeepEqual(
    items,
    Array.from({ length: count }, (_, i) => i),
  );
  for (const b of got)
    assert.deepEqual(
      [...b.y],
      [...b.items].map((i) => labels[i]),
    );
  assert.equal((await collect(split, { batchSize: 10, dropLast: true })).length, 10);
});

test("same seed, same batches whatever the prefetch depth; another seed, other batches", async () => {
  const run = (seed: number, prefetch: number) =>
    collect(split, { batchSize: 16, shuffle: new Rng(seed), augment: true, prefetch });
  const base = await run(3, 0);
  assert.deepEqual(await run(3, 2), base);
  assert.deepEqual(await run(3, 7), base);
  assert.notDeepEqual(
    (await run(4, 2)).map((b) => b.x),
    base.map((b) => b.x),
  );
  // Augmented pixels differ from the plain ones for the same items.
  const plain = await split.batch(base[0].items);
  assert.notDeepEqual(plain.x, base[0].x);
});

test("prefetch requests the next batches before the consumer asks for them", async () => {
  const requested: number[] = [];
  const spy: LabeledImages = {
    ...split,
    batch: (idx, o) => (requested.push(idx[0]), split.batch(idx, o)),
  };
  const it = batches(spy, { batchSize: 10, prefetch: 3 });
  await it.next();
  // While the consumer holds batch 0, batches 1..3 are already under way.
  assert.deepEqual(requested, [0, 10, 20, 30]);
  await it.return(undefined);
  const lazy: number[] = [];
  const spy0: LabeledImages = {
    ...split,
    batch: (idx, o) => (lazy.push(idx[0]), split.batch(idx, o)),
  };
  const it0 = batches(spy0, { batchSize: 10, prefetch: 0 });
  await it0.next();
  assert.deepEqual(lazy, [0]);
});

test("a failing batch surfaces when reached, not as an unhandled rejection", async () => {
  const failing: LabeledImages = {
    ...split,
    batch: async (idx, o) =>
      idx[0] === 20 ? Promise.reject(new Error("disk gone")) : split.batch(idx, o),
  };
  const it = batches(failing, { batchSize: 10, prefetch: 3 });
  assert.equal((await it.next()).done, false);
  assert.equal((await it.next()).done, false);
  await assert.rejects(it.next(), /disk gone/);
});

test("bad options are refused", async () => {
  await assert.rejects(collect(split, { batchSize: 0 }), /batchSize/);
  await assert.rejects(collect(split, { batchSize: 4, augment: true }), /augment needs an rng/);
});
