/** Inference speed of a model on this machine: the median time of a forward pass at a given batch size,
 * after a warm-up (the first calls compile kernels and allocate). */
import * as tf from "@tensorflow/tfjs";
import { Rng } from "../util/rng";

export interface InferenceSpeed {
  batch: number;
  /** Median over the timed passes. */
  msPerBatch: number;
  msPerImage: number;
  imgPerS: number;
  /** Timed passes (after the warm-up). */
  repeats: number;
}

export interface SpeedOptions {
  /** Timed passes at most (default 30) and at least (5) per model; stops early after `seconds` (default 3)
   * per model. */
  repeats?: number;
  seconds?: number;
  /** Untimed passes first (default 3). */
  warmup?: number;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** Times each of `models` in inference mode on `batch` seeded random images of its input shape. The models
 * take turns pass by pass, so that load from other processes falls on all of them alike; each keeps the
 * median of its passes. */
export function inferenceSpeeds(
  models: readonly tf.LayersModel[],
  batch: number,
  options: SpeedOptions = {},
): InferenceSpeed[] {
  const inputs = models.map((model) => {
    const [h, w, c] = model.inputs[0].shape.slice(1) as number[];
    const rng = new Rng(batch);
    const pixels = Float32Array.from({ length: batch * h * w * c }, () => rng.next());
    return tf.tensor4d(pixels, [batch, h, w, c]);
  });
  const pass = (k: number) => {
    const t0 = performance.now();
    const out = models[k].predict(inputs[k]) as tf.Tensor | tf.Tensor[];
    const outputs = Array.isArray(out) ? out : [out];
    outputs[0].dataSync();
    tf.dispose(outputs);
    return performance.now() - t0;
  };
  try {
    for (let i = 0; i < (options.warmup ?? 3); i++) models.forEach((_, k) => pass(k));
    const most = options.repeats ?? 30;
    const budgetMs = 1000 * (options.seconds ?? 3) * models.length;
    const times: number[][] = models.map(() => []);
    const started = performance.now();
    for (let r = 0; r < most && (r < 5 || performance.now() - started < budgetMs); r++)
      models.forEach((_, k) => times[k].push(pass(k)));
    return times.map((t) => {
      const msPerBatch = median(t);
      return {
        batch,
        msPerBatch,
        msPerImage: msPerBatch / batch,
        imgPerS: (1000 * batch) / msPerBatch,
        repeats: t.length,
      };
    });
  } finally {
    tf.dispose(inputs);
  }
}

/** Times one model (inferenceSpeeds of one). */
export function inferenceSpeed(
  model: tf.LayersModel,
  batch: number,
  options: SpeedOptions = {},
): InferenceSpeed {
  return inferenceSpeeds([model], batch, options)[0];
}
