/** The gradient of FusedBatchNorm (every BatchNorm layer in training) without Tile: tfjs's own tiles
 * 1/sqrt(variance) to the full [N, H, W, C] input for the input gradient, which on wasm cost ~35 ms per layer
 * and step (a third of a DenseNet or EfficientNet step); broadcasting gives the same numbers. The other four
 * gradients are tfjs's formulas unchanged. */
import * as tf from "@tensorflow/tfjs";

/** The gradient configuration to register (backend-independent: it only calls ops). */
export const fusedBatchNormGradConfig: tf.GradConfig = {
  kernelName: "FusedBatchNorm",
  inputsToSave: ["x", "mean", "variance", "scale"],
  gradFunc: (dy, saved, attrs) => {
    const { varianceEpsilon } = attrs as unknown as { varianceEpsilon: number };
    const [x, mean, variance, scale] = saved;
    const g = dy as tf.Tensor;
    const scaleValue = scale ?? tf.scalar(1);
    // Axes over which mean (rank 1: per channel, or full rank) was broadcast.
    const axes =
      mean.rank === 1
        ? [...Array(x.rank - 1).keys()]
        : tf.backend_util.getReductionAxes(mean.shape, x.shape);
    const reduce = (t: tf.Tensor) => tf.reshape(axes.length > 0 ? tf.sum(t, axes) : t, mean.shape);
    const xMinusMean = tf.sub(x, mean);
    const dyTimesScale = tf.mul(g, scaleValue);
    const rstd = tf.rsqrt(tf.add(variance, tf.scalar(varianceEpsilon)));
    return {
      x: () => tf.reshape(tf.mul(dyTimesScale, rstd), x.shape),
      mean: () => reduce(tf.mul(dyTimesScale, tf.neg(rstd))),
      variance: () =>
        reduce(tf.mul(tf.mul(tf.mul(tf.pow(rstd, 3), -0.5), xMinusMean), dyTimesScale)),
      scale: () => reduce(tf.mul(g, tf.mul(xMinusMean, rstd))),
      offset: () => reduce(g),
    };
  },
};
