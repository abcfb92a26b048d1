/** The JS resampler against Pillow's BILINEAR resize of float ("F" mode) images, shrinking and enlarging. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { resample } from "../../src/data/resample";
import { Rng } from "../../src/util/rng";
import { python } from "../helpers/python";

test("resample matches Pillow's BILINEAR (triangle filter widened when shrinking) channel by channel", () => {
  const rng = new Rng(1);
  const cases: Array<[number, number, number, number, number]> = [
    [28, 28, 1, 32, 32],
    [64, 48, 3, 32, 32],
    [17, 23, 3, 5, 9],
    [7, 5, 1, 21, 13],
  ];
  for (const [h, w, c, oh, ow] of cases) {
    const src = Float32Array.from({ length: h * w * c }, () => rng.next());
    const got = resample(src, h, w, c, oh, ow);
    const want = python<number[]>(
      `import numpy as np
from PIL import Image
a = np.array(INPUT["src"], dtype=np.float32).reshape(INPUT["h"], INPUT["w"], INPUT["c"])
chans = [np.asarray(Image.fromarray(a[:, :, k], mode="F").resize((INPUT["ow"], INPUT["oh"]), Image.BILINEAR)) for k in range(INPUT["c"])]
print(json.dumps(np.stack(chans, axis=-1).reshape(-1).astype(float).tolist()))`,
      { src: Array.from(src), h, w, c, oh, ow },
    );
    assert.equal(got.length, want.length);
    const worst = got.reduce((m, v, i) => Math.max(m, Math.abs(v - want[i])), 0);
    assert.ok(worst < 1e-5, `${h}x${w}x${c} -> ${oh}x${ow}: max difference ${worst}`);
  }
});
