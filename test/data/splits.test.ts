/** Stratified seeded selection: exact sizes, per-class shares within one item, determinism, disjoint splits. */
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  purposeRng,
  selectItems,
  stratifiedSample,
  stratifiedSplit,
  subsetImages,
} from "../../src/data/splits";
import { inMemoryImages } from "../../src/data/dataset";
import { Rng } from "../../src/util/rng";

const labels = Int32Array.from({ length: 1000 }, (_, i) =>
  i < 600 ? 0 : i < 900 ? 1 : i < 990 ? 2 : 3,
);
const sizes = [600, 300, 90, 10];

test("stratifiedSample takes n items, each class within one item of its proportional share", () => {
  for (const n of [0, 1, 7, 100, 333, 999, 1000]) {
    const s = stratifiedSample(labels, n, new Rng(n));
    assert.equal(s.length, n);
    assert.equal(new Set(s).size, n);
    assert.ok(
      s.every((v, i) => i === 0 || v > s[i - 1]),
      "ascending",
    );
    sizes.forEach((size, k) => {
      const got = [...s].filter((i) => labels[i] === k).length;
      assert.ok(Math.abs(got - (size * n) / 1000) < 1, `n=${n} class ${k}: ${got}`);
    });
  }
  assert.throws(() => stratifiedSample(labels, 1001, new Rng(0)), /0\.\.1000/);
});

test("same seed same sample; other seeds other samples", () => {
  assert.deepEqual(
    stratifiedSample(labels, 100, new Rng(3)),
    stratifiedSample(labels, 100, new Rng(3)),
  );
  assert.notDeepEqual(
    stratifiedSample(labels, 100, new Rng(3)),
    stratifiedSample(labels, 100, new Rng(4)),
  );
  assert.notDeepEqual(
    purposeRng(1, "split").nextUint32(),
    purposeRng(1, "limit-train").nextUint32(),
  );
});

test("stratifiedSplit partitions all items and keeps every class's share in test", () => {
  const { train, test: held } = stratifiedSplit(labels, 0.2, new Rng(1));
  assert.equal(held.length, 200);
  assert.deepEqual(
    [...train, ...held].sort((a, b) => a - b),
    Array.from({ length: 1000 }, (_, i) => i),
  );
  assert.deepEqual(
    sizes.map((_, k) => [...held].filter((i) => labels[i] === k).length),
    [120, 60, 18, 2],
  );
});

test("subsetImages reads the parent's items at the chosen indices", async () => {
  const pixels = Uint8Array.from({ length: 1000 * 4 }, (_, i) => Math.floor(i / 4) % 256);
  const parent = inMemoryImages(pixels, labels, [2, 2, 1]);
  const sub = subsetImages(parent, Int32Array.from([5, 700, 999]));
  assert.deepEqual([...sub.labels()], [0, 1, 3]);
  const b = await sub.batch([2, 0]);
  assert.deepEqual([...b.y], [3, 0]);
  assert.deepEqual(
    [...b.x].map((v) => Math.round(v * 255)),
    [231, 231, 231, 231, 5, 5, 5, 5],
  );
  await assert.rejects(sub.batch([3]), /outside 0\.\.2/);
});

test("selectItems: held-out split then limits, each limit drawn from the items the split gave, independently", () => {
  const whole = selectItems(labels, undefined, { seed: 2, testFraction: 0.25 });
  assert.equal(whole.testPool, "train");
  assert.equal(whole.test.length, 250);
  assert.deepEqual(
    [...whole.train, ...whole.test].sort((a, b) => a - b),
    Array.from({ length: 1000 }, (_, i) => i),
  );
  const small = selectItems(labels, undefined, {
    seed: 2,
    testFraction: 0.25,
    limitTrain: 100,
    limitTest: 40,
  });
  assert.equal(small.train.length, 100);
  assert.equal(small.test.length, 40);
  const inTrain = new Set(whole.train);
  const inTest = new Set(whole.test);
  assert.ok(small.train.every((i) => inTrain.has(i)) && small.test.every((i) => inTest.has(i)));
  assert.deepEqual(
    selectItems(labels, undefined, { seed: 2, testFraction: 0.25, limitTest: 40 }).test,
    small.test,
  );
  assert.deepEqual(
    sizes.map((_, k) => [...small.test].filter((i) => labels[i] === k).length),
    [24, 12, 4, 0],
  );
  // With a test pool, its items are taken as they are (limited if asked), nothing is held out.
  const pooled = selectItems(labels, Int32Array.from([0, 1, 1, 2]), {
    seed: 2,
    testFraction: 0.25,
    limitTest: 2,
  });
  assert.equal(pooled.testPool, "test");
  assert.equal(pooled.train.length, 1000);
  assert.equal(pooled.test.length, 2);
});
