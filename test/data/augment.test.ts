/** Augmentation draws: torchvision's RandomResizedCrop rules and the shift-and-flip of small images. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { applyShiftFlip, drawShiftFlip, randomResizedCropBox } from "../../src/data/augment";
import { Rng } from "../../src/util/rng";

test("random resized crops stay inside the image with area 8%..100% and aspect 3/4..4/3 (up to rounding)", () => {
  const rng = new Rng(7);
  for (let i = 0; i < 2000; i++) {
    const b = randomResizedCropBox(320, 240, rng);
    assert.ok(b.left >= 0 && b.top >= 0 && b.left + b.width <= 320 && b.top + b.height <= 240);
    const area = (b.width * b.height) / (320 * 240);
    assert.ok(area > 0.07 && area <= 1, `area ${area}`);
    const ratio = b.width / b.height;
    assert.ok(ratio > 0.7 && ratio < 1.43, `ratio ${ratio}`);
  }
});

test("when ten tries fail the crop is torchvision's central fallback", () => {
  // 1000x10: every drawn box is taller than 10 rows or wider than allowed, so torchvision falls back to
  // h = 10, w = round(10 * 4/3) = 13, centred: left = (1000 - 13) // 2 = 493.
  assert.deepEqual(randomResizedCropBox(1000, 10, new Rng(1)), {
    left: 493,
    top: 0,
    width: 13,
    height: 10,
  });
  // 10x1000: w = 10, h = round(10 / (3/4)) = 13, top = (1000 - 13) // 2 = 493.
  assert.deepEqual(randomResizedCropBox(10, 1000, new Rng(1)), {
    left: 0,
    top: 493,
    width: 10,
    height: 13,
  });
});

test("shift-and-flip: a mirror reverses each row; a shift moves pixels and fills with zeros", () => {
  const src = Float32Array.from({ length: 3 * 4 }, (_, i) => i + 1); // 3 rows x 4 columns, one channel
  const out = new Float32Array(12);
  applyShiftFlip(src, 3, 4, 1, { dy: 0, dx: 0, mirror: true }, out, 0);
  assert.deepEqual([...out], [4, 3, 2, 1, 8, 7, 6, 5, 12, 11, 10, 9]);
  applyShiftFlip(src, 3, 4, 1, { dy: 1, dx: -1, mirror: false }, out, 0);
  assert.deepEqual([...out], [0, 5, 6, 7, 0, 9, 10, 11, 0, 0, 0, 0]);
  const draws = Array.from({ length: 500 }, (_, i) => drawShiftFlip(2, false, new Rng(i)));
  assert.ok(draws.every((d) => Math.abs(d.dx) <= 2 && Math.abs(d.dy) <= 2 && !d.mirror));
  assert.equal(new Set(draws.map((d) => `${d.dx},${d.dy}`)).size, 25);
});
