import { test } from "node:test";
import assert from "node:assert/strict";
import { Rng } from "../../src/util/rng";
import { python } from "../helpers/python";

test("same seed, same stream; a restored state continues exactly", () => {
  const a = new Rng(42),
    b = new Rng(42);
  for (let i = 0; i < 100; i++) assert.equal(a.nextUint32(), b.nextUint32());
  const saved = a.state();
  const next = [a.next(), a.next(), a.int(7)];
  const c = Rng.fromState(saved);
  assert.deepEqual([c.next(), c.next(), c.int(7)], next);
  assert.notEqual(new Rng(1).nextUint32(), new Rng(2).nextUint32());
});

test("int(n) is uniform by scipy's chi-square test; normal() passes a KS test", () => {
  const rng = new Rng(7);
  const counts = new Array(10).fill(0);
  for (let i = 0; i < 50_000; i++) counts[rng.int(10)]++;
  const normals = Array.from({ length: 5000 }, () => rng.normal());
  const p = python<{ chi: number; ks: number }>(
    "from scipy import stats\nprint(json.dumps({'chi': stats.chisquare(INPUT['c']).pvalue, 'ks': stats.kstest(INPUT['n'], 'norm').pvalue}))",
    { c: counts, n: normals },
  );
  assert.ok(p.chi > 0.001, `chi-square p = ${p.chi}`);
  assert.ok(p.ks > 0.001, `KS p = ${p.ks}`);
});

test("permutation holds each index once", () => {
  const p = Array.from(new Rng(3).permutation(1000)).sort((x, y) => x - y);
  assert.deepEqual(
    p,
    Array.from({ length: 1000 }, (_, i) => i),
  );
});
