import assert from "node:assert/strict";
import { test } from "node:test";
import { chanceInterval, learnedVerdict } from "../../src/train/learned";
import { python } from "../helpers/python";

test("the chance interval is scipy's 99% binomial interval of 1/classes", () => {
  const [lo, hi] = python<[number, number]>(
    `
from scipy.stats import binom
print(json.dumps([binom.ppf(0.005, 500, 0.1) / 500, binom.ppf(0.995, 500, 0.1) / 500]))
`,
  );
  assert.deepEqual(chanceInterval(500, 10), { lo, hi });
});

test("a run at chance, a run whose loss stayed at ln C, and a run that learned", () => {
  const base = { testCount: 500, numClasses: 10 };
  const atChance = learnedVerdict({ ...base, finalTestAcc: 0.112, trainLosses: [2.306, 2.303] });
  assert.equal(atChance.learned, false);
  assert.match(atChance.reason, /within the 99% interval of chance/);
  // Above the interval, yet the loss never fell below 0.95 ln 10 = 2.187.
  const flat = learnedVerdict({ ...base, finalTestAcc: 0.2, trainLosses: [2.3, 2.2] });
  assert.equal(flat.learned, false);
  assert.match(flat.reason, /never fell below/);
  const ok = learnedVerdict({ ...base, finalTestAcc: 0.8, trainLosses: [2.1, 0.9] });
  assert.equal(ok.learned, true);
  // Significantly below chance is not learning either.
  assert.equal(learnedVerdict({ ...base, finalTestAcc: 0, trainLosses: [0.5] }).learned, false);
});
