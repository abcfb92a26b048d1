/** Saving to and loading from a directory with our own IOHandler: bit-exact weights and outputs, the files
 * in TensorFlow.js's format, and loading into a freshly built model. */
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { buildModel } from "../../src/models/registry";
import { loadModel, loadWeightsInto, saveModel } from "../../src/models/weights-io";

let dir: string;
before(async () => {
  await tf.setBackend("cpu");
  dir = mkdtempSync(join(tmpdir(), "imagenot-weights-"));
});
after(() => rmSync(dir, { recursive: true, force: true }));

const bytes = (model: tf.LayersModel) =>
  model.getWeights().map((w) => Buffer.from(w.dataSync().buffer).toString("base64"));

// MobileNet (squeeze-excite, hard-swish), ViT (attention, tokens) and ConvNeXt (layer scale, stochastic depth)
// cover every custom layer.
for (const id of ["mobilenet_v3_large", "vit_b_16", "convnext_large"]) {
  test(`${id}: save then load gives bit-identical weights and outputs`, async () => {
    const model = buildModel(id, { scale: "small", seed: 4 });
    // Perturb every weight so that constant initial values (zeros, ones) cannot hide a mix-up.
    model.setWeights(
      model.getWeights().map((w, i) => tf.add(w, tf.randomNormal(w.shape, 0, 0.1, "float32", i))),
    );
    const out = join(dir, id);
    await saveModel(model, out);
    const loaded = await loadModel(out);
    assert.deepEqual(
      loaded.weights.map((w) => w.originalName),
      model.weights.map((w) => w.originalName),
    );
    assert.deepEqual(bytes(loaded), bytes(model));
    const x = tf.randomUniform([2, 32, 32, 3], 0, 1, "float32", 9);
    assert.deepEqual(
      Array.from((loaded.predict(x) as tf.Tensor).dataSync()),
      Array.from((model.predict(x) as tf.Tensor).dataSync()),
    );

    const fresh = buildModel(id, { scale: "small", init: "zeros" });
    await loadWeightsInto(fresh, out);
    assert.deepEqual(bytes(fresh), bytes(model));
    tf.dispose(x);
    [model, loaded, fresh].forEach((m) => m.dispose());
  });
}

test("the files follow TensorFlow.js's layers-model format", async () => {
  const model = buildModel("resnet152", { scale: "small", seed: 1 });
  const out = join(dir, "format");
  await saveModel(model, out);
  const json = JSON.parse(readFileSync(join(out, "model.json"), "utf8"));
  assert.equal(json.format, "layers-model");
  assert.equal(json.modelTopology.class_name, "Model");
  assert.deepEqual(
    json.weightsManifest.map((g: { paths: string[] }) => g.paths),
    [["./weights.bin"]],
  );
  // All weights (BatchNorm moving statistics too) are float32, stored back to back.
  const values = model.weights.reduce(
    (n, w) => n + w.shape.reduce((a: number, b) => a * (b as number), 1),
    0,
  );
  assert.equal(statSync(join(out, "weights.bin")).size, 4 * values);
  model.dispose();
});

test("loading errors name the directory and what is wrong", async () => {
  await assert.rejects(loadModel(join(dir, "missing")), /missing.*model\.json/);
  const other = buildModel("alexnet", { scale: "small", init: "zeros" });
  await saveModel(other, join(dir, "alexnet"));
  const model = buildModel("vgg19", { scale: "small", init: "zeros" });
  await assert.rejects(loadWeightsInto(model, join(dir, "alexnet")), /lack .* same architecture/);
  other.dispose();
  model.dispose();
});
