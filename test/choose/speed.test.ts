import { test } from "node:test";
import assert from "node:assert/strict";
import { greyAsRgb } from "../../src/choose/channels";
import { inferenceSpeeds } from "../../src/choose/speed";
import { inMemoryImages } from "../../src/data/dataset";
import { buildModel } from "../../src/models/registry";

test("grey images as RGB: each pixel's value in all three channels, labels and shape kept", async () => {
  const grey = inMemoryImages(
    Uint8Array.from([0, 51, 102, 255]),
    Int32Array.from([3, 1]),
    [1, 2, 1],
  );
  const rgb = greyAsRgb(grey);
  assert.deepEqual(rgb.imageShape, [1, 2, 3]);
  const b = await rgb.batch([1, 0]);
  assert.deepEqual(Array.from(b.y), [1, 3]);
  assert.deepEqual(
    Array.from(b.x, (v) => Math.round(v * 255)),
    [102, 102, 102, 255, 255, 255, 0, 0, 0, 51, 51, 51],
  );
});

test("inference speeds: the models take turns, each a median of at least 5 timed passes", () => {
  const models = ["alexnet", "vgg19"].map((arch) =>
    buildModel(arch, { scale: "small", inputShape: [28, 28, 1], numClasses: 10 }),
  );
  try {
    const speeds = inferenceSpeeds(models, 2, { repeats: 6, seconds: 0.05, warmup: 1 });
    assert.equal(speeds.length, 2);
    for (const s of speeds) {
      assert.equal(s.batch, 2);
      assert.ok(s.repeats >= 5 && s.repeats <= 6);
      assert.ok(s.msPerBatch > 0);
      assert.ok(Math.abs(s.msPerImage - s.msPerBatch / 2) < 1e-12);
      assert.ok(Math.abs(s.imgPerS - 2000 / s.msPerBatch) < 1e-9);
    }
  } finally {
    for (const m of models) m.dispose();
  }
});
