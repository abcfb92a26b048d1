import { test } from "node:test";
import assert from "node:assert/strict";
import { clopperPearsonInterval, wilsonInterval } from "../../src/choose/interval";
import { python } from "../helpers/python";

const CASES: [number, number, number][] = [
  [0, 10, 0.95],
  [3, 10, 0.95],
  [10, 10, 0.95],
  [47, 60, 0.9],
  [1, 1, 0.95],
  [512, 1000, 0.99],
];

test("Wilson and Clopper–Pearson intervals match scipy's binomtest proportion_ci", () => {
  const expected = python<Record<string, [number, number]>[]>(
    `from scipy.stats import binomtest
out = []
for k, n, level in INPUT:
    r = binomtest(k, n)
    w = r.proportion_ci(confidence_level=level, method="wilson")
    e = r.proportion_ci(confidence_level=level, method="exact")
    out.append({"wilson": [w.low, w.high], "exact": [e.low, e.high]})
print(json.dumps(out))`,
    CASES,
  );
  CASES.forEach(([k, n, level], i) => {
    const w = wilsonInterval(k, n, level);
    const e = clopperPearsonInterval(k, n, level);
    for (const [ours, ref, what] of [
      [[w.lo, w.hi], expected[i].wilson, "wilson"],
      [[e.lo, e.hi], expected[i].exact, "exact"],
    ] as const)
      ours.forEach((v, j) =>
        assert.ok(Math.abs(v - ref[j]) < 1e-9, `${what} ${k}/${n} @${level}: ${v} vs ${ref[j]}`),
      );
  });
});

test("intervals refuse impossible counts", () => {
  assert.throws(() => wilsonInterval(11, 10), /k must be/);
  assert.throws(() => clopperPearsonInterval(1, 0), /n must be/);
  assert.throws(() => wilsonInterval(1, 10, 1), /level/);
});
