/** Tiny models and data for trainer tests: a few hundred weights, a few dozen 6x6 images, cpu backend. */
import * as tf from "@tensorflow/tfjs";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inMemoryImages, type Dataset } from "../../src/data/dataset";
import { SeededDropout } from "../../src/models/layers/stochastic";
import { Rng } from "../../src/util/rng";

export const SHAPE = [6, 6, 1] as const;

/** A dataset whose class is the brightest of the image's left, middle or right columns pair (learnable). */
export function tinyDataset(numClasses = 3, trainCount = 48, testCount = 24, seed = 7): Dataset {
  const rng = new Rng(seed);
  const per = SHAPE[0] * SHAPE[1];
  const make = (count: number) => {
    const pixels = new Float32Array(count * per);
    const labels = new Int32Array(count);
    for (let i = 0; i < count; i++) {
      const label = rng.int(numClasses);
      labels[i] = label;
      for (let r = 0; r < SHAPE[0]; r++) {
        for (let c = 0; c < SHAPE[1]; c++) {
          const band = Math.floor((c * numClasses) / SHAPE[1]);
          pixels[i * per + r * SHAPE[1] + c] = 0.5 * rng.next() + (band === label ? 0.5 : 0);
        }
      }
    }
    return inMemoryImages(pixels, labels, SHAPE);
  };
  return {
    name: "tiny",
    classes: Array.from({ length: numClasses }, (_, i) => `c${i}`),
    train: make(trainCount),
    test: make(testCount),
    source: "test/train/fixtures.ts",
  };
}

/** Conv -> ReLU -> BatchNorm -> Flatten -> Dropout -> Dense logits, with seeded initializers; the dropout is
 * tfjs's (masks from Math.random) or, with `zooDropout`, the model zoo's (masks from the layer's own Rng). */
export function tinyModel(numClasses = 3, seed = 1, zooDropout = false): tf.LayersModel {
  return tf.sequential({
    name: "tiny",
    layers: [
      tf.layers.conv2d({
        inputShape: [...SHAPE],
        filters: 4,
        kernelSize: 3,
        activation: "relu",
        kernelInitializer: tf.initializers.glorotUniform({ seed }),
      }),
      tf.layers.batchNormalization(),
      tf.layers.flatten(),
      zooDropout ? new SeededDropout({ rate: 0.3, seed }) : tf.layers.dropout({ rate: 0.3 }),
      tf.layers.dense({
        units: numClasses,
        kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 1 }),
      }),
    ],
  });
}

const made: string[] = [];
process.on("exit", () => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** A fresh temporary folder, removed when the test process exits. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "imagenot-train-"));
  made.push(dir);
  return dir;
}

/** All of a model's weights as plain arrays, in model.weights order. */
export function weightValues(model: tf.LayersModel): Float32Array[] {
  return model.weights.map((w) => w.read().dataSync() as Float32Array);
}
