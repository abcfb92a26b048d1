import { test } from "node:test";
import assert from "node:assert/strict";
import { decide } from "../../src/choose/decision";
import { decisionJson, decisionTable, testImagesFor } from "../../app/report/decision";

const correct = (k: number, n: number) => "1".repeat(k) + "0".repeat(n - k);

test("decision table and JSON: one row per candidate plus the baseline, the contract's keys", () => {
  const d = decide(
    [
      {
        arch: "alexnet",
        testCorrect: correct(10, 20),
        params: 252068,
        macs: 13913088,
        latencyMs: 2,
        trainImgPerS: 100,
      },
      {
        arch: "vgg19",
        testCorrect: correct(15, 20),
        params: 315492,
        macs: 8733184,
        latencyMs: 3,
        trainImgPerS: 90,
      },
    ],
    { arch: "alexnet", testCorrect: correct(5, 20) },
  );
  const { columns, rows } = decisionTable(d);
  assert.equal(rows.length, 3);
  rows.forEach((r) => assert.equal(r.length, columns.length));
  assert.equal(rows[0][0], "AlexNet");
  assert.match(String(rows[1][4]), /^75\.0% \(53\.1–88\.8%\), 15\/20$/);
  assert.equal(rows[2][0], "AlexNet, from scratch (baseline)");
  const json = decisionJson(d, "r.html");
  assert.deepEqual(Object.keys(json.candidates[0]), [
    "arch",
    "accuracy",
    "accuracyInterval",
    "params",
    "macs",
    "latencyMs",
    "trainImgPerS",
    "benchmarkRank",
  ]);
  assert.equal(json.tauB, 1);
});

test("test images for a ±2% interval: z² p(1-p) / h²", () => {
  // 1.959964² x 0.25 / 0.02² = 2400.9
  assert.equal(testImagesFor(0.5, 0.02, 0.95), 2401);
  assert.equal(testImagesFor(0.9, 0.02, 0.95), 865);
});
