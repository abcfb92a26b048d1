/** The Pareto front and the recommendation on hand-computed cases. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { paretoFront } from "../../src/choose/pareto";
import { recommend, withinBestInterval } from "../../src/choose/recommend";

// D (0.75, 25 ms) is dominated by A (0.80, 10 ms); the front, cheapest first, is C, A, B.
const CHOICES = [
  { arch: "A", accuracy: 0.8, cost: 10, latencyMs: 10 },
  { arch: "B", accuracy: 0.85, cost: 20, latencyMs: 20 },
  { arch: "C", accuracy: 0.7, cost: 5, latencyMs: 5 },
  { arch: "D", accuracy: 0.75, cost: 25, latencyMs: 25 },
];

test("Pareto front: dominated points out, cheapest first, equal points kept", () => {
  assert.deepEqual(paretoFront(CHOICES), [2, 0, 1]);
  assert.deepEqual(
    paretoFront([
      { accuracy: 0.5, cost: 1 },
      { accuracy: 0.5, cost: 1 },
      { accuracy: 0.5, cost: 2 },
    ]),
    [0, 1],
  );
  // Same accuracy, cheaper wins; same cost, more accurate wins.
  assert.deepEqual(
    paretoFront([
      { accuracy: 0.6, cost: 3 },
      { accuracy: 0.6, cost: 2 },
      { accuracy: 0.7, cost: 2 },
    ]),
    [2],
  );
  assert.throws(() => paretoFront([{ accuracy: NaN, cost: 1 }]), /non-finite/);
});

test("recommendation by hand: scores on min-max scaled axes", () => {
  // Accuracy scaled over [0.70, 0.85]: A 2/3, B 1, C 0, D 1/3. Cost over [5, 25]: A 0.25, B 0.75, C 0, D 1.
  const half = recommend(CHOICES, { weight: 0.5 });
  // A: 0.5*2/3 - 0.5*0.25 = 0.2083; B: 0.5 - 0.375 = 0.125; C: 0; D: 1/6 - 0.5 = -0.3333.
  assert.equal(half.arch, "A");
  const expect = { A: 5 / 24, B: 0.125, C: 0, D: -1 / 3 };
  for (const [k, v] of Object.entries(expect)) assert.ok(Math.abs(half.scores[k] - v) < 1e-12, k);
  assert.deepEqual(half.front, ["C", "A", "B"]);
  // weight 0.9: A 0.6 - 0.025 = 0.575, B 0.9 - 0.075 = 0.825.
  assert.equal(recommend(CHOICES, { weight: 0.9 }).arch, "B");
  assert.equal(recommend(CHOICES, { weight: 1 }).arch, "B");
  assert.equal(recommend(CHOICES, { weight: 0 }).arch, "C");
});

test("the latency budget: rescaled over the eligible, none eligible gives null", () => {
  // Budget 15 ms leaves A and C: A scaled (1, 1), C (0, 0). weight 0.6: A 0.6 - 0.4 = 0.2 > 0.
  const r = recommend(CHOICES, { budgetMs: 15, weight: 0.6 });
  assert.deepEqual(r.eligible, ["A", "C"]);
  assert.equal(r.arch, "A");
  assert.equal(recommend(CHOICES, { budgetMs: 15, weight: 0.3 }).arch, "C");
  // weight 0.5 ties A and C at 0: the more accurate one wins.
  assert.equal(recommend(CHOICES, { budgetMs: 15, weight: 0.5 }).arch, "A");
  const none = recommend(CHOICES, { budgetMs: 4 });
  assert.equal(none.arch, null);
  assert.match(none.reason, /fastest, C, takes 5\.00 ms/);
  assert.throws(() => recommend(CHOICES, { weight: 2 }), /weight/);
});

test("the recommendation is on the front for every weight and budget", () => {
  for (let w = 0; w <= 1; w += 0.05)
    for (const budgetMs of [6, 11, 21, 30]) {
      const r = recommend(CHOICES, { weight: w, budgetMs });
      assert.ok(r.front.includes(r.arch!), `w=${w} budget=${budgetMs}: ${r.arch}`);
    }
});

test("within the best's interval", () => {
  const iv = (lo: number, hi: number) => ({ lo, hi });
  assert.deepEqual(
    withinBestInterval([
      { arch: "A", accuracy: 0.8, interval: iv(0.7, 0.88) },
      { arch: "B", accuracy: 0.6, interval: iv(0.5, 0.69) },
      { arch: "C", accuracy: 0.75, interval: iv(0.65, 0.83) },
    ]),
    ["A", "C"],
  );
  assert.deepEqual(
    withinBestInterval([
      { arch: "A", accuracy: 0.9, interval: iv(0.85, 0.95) },
      { arch: "B", accuracy: 0.6, interval: iv(0.5, 0.7) },
    ]),
    ["A"],
  );
});
