/** The arithmetic of one training step of a sequential model, per image, counted as torch's profiler counts
 * a forward pass (`with_flops`: two operations per multiply-add of convolutions and dense layers, padded
 * positions included, bias left out). Pooling, activations and the loss are left out, so the count is a floor
 * on the work, and the rate it gives a ceiling. */
import * as tf from "@tensorflow/tfjs";

export interface StepFlops {
  /** The forward pass. */
  forward: number;
  /** Forward, the weight gradients (as much again) and the input gradients of every layer but the first. */
  step: number;
}

const COUNTED = new Set(["Conv2D", "Dense"]);

/** Floating-point operations per image of a training step of `model` (see the top of this file). Throws on a
 * layer with weights that is not a convolution or dense layer: its work would go uncounted. */
export function trainingFlopsPerImage(model: tf.Sequential): StepFlops {
  let forward = 0;
  let firstInputGradient = 0;
  model.layers.forEach((layer, i) => {
    if (layer.countParams() === 0) return;
    if (!COUNTED.has(layer.getClassName()))
      throw new Error(
        `trainingFlopsPerImage counts Conv2D and Dense layers only; layer ${layer.name} is a ${layer.getClassName()}`,
      );
    const kernel = layer.getWeights()[0].shape;
    // The kernel meets every output position (all axes but the batch and the channels) once.
    const positions = tf.util.sizeFromShape((layer.outputShape as number[]).slice(1, -1));
    const flops = 2 * tf.util.sizeFromShape(kernel) * positions;
    forward += flops;
    if (i === 0) firstInputGradient = flops;
  });
  return { forward, step: 3 * forward - firstInputGradient };
}
