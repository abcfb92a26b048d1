/** Paper-scale models: each of the nine has exactly torchvision's trainable parameter count (the shipped
 * reference table) and runs a forward pass on one image at its paper input (wasm backend; about two
 * minutes in all, most of it drawing ConvNeXt Large's and VGG-19's random initial weights). */
import { test, before } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { selectBackend } from "../../src/engine/backend";
import { ARCHITECTURES, architectureFacts, buildModel, trainableParams } from "../../src/models/registry";
import { loadParamCounts } from "../../src/results/reference";

const reference = new Map(loadParamCounts().rows.map((r) => [r.builder, r.params]));

before(async () => {
  await selectBackend({ backend: "wasm" });
});

test("the reference table covers exactly the nine architectures", () => {
  assert.deepEqual([...reference.keys()].sort(), [...ARCHITECTURES].sort());
});

for (const id of ARCHITECTURES) {
  test(`${id} paper scale: torchvision's parameter count, and one image through it gives 1000 finite logits`, async () => {
    const model = buildModel(id, { scale: "paper", seed: 1 });
    try {
      assert.equal(trainableParams(model), reference.get(id));
      const x = tf.randomUniform([1, ...architectureFacts(id).paperInput], 0, 1, "float32", 2);
      const out = model.predict(x) as tf.Tensor | tf.Tensor[];
      const outputs = Array.isArray(out) ? out : [out];
      // Inception V3 has the auxiliary classifier as its second output; every other model has one output.
      assert.equal(outputs.length, id === "inception_v3" ? 2 : 1);
      for (const o of outputs) assert.deepEqual(o.shape, [1, 1000]);
      const logits = Array.from(await outputs[0].data());
      assert.ok(logits.every(Number.isFinite), `${id}: non-finite logits`);
      // torchvision zero-initialises ViT's head, so its first logits are exactly zero; others must vary.
      if (id === "vit_b_16") assert.ok(logits.every((v) => v === 0));
      else assert.ok(Math.max(...logits) > Math.min(...logits), `${id}: constant logits`);
      tf.dispose([x, ...outputs]);
    } finally {
      model.dispose();
    }
  });
}
