/** The gradient of FusedBatchNorm (every BatchNorm layer in training) in as few passes over the full-size
 * input as the formulas allow. tfjs's own tiles 1/sqrt(variance) to the full [N, H, W, C] input for the
 * input gradient (~35 ms per layer and step on wasm) and spends about a dozen full-size multiplies on the
 * five gradients; when mean, variance and scale are constant over the reduced axes (per-channel statistics,
 * as BatchNorm layers have), the per-channel factors come out of the sums:
 *   dx = dy * scale * rstd,  d offset = sum(dy),  d scale = rstd * sum(dy * (x - mean)),
 *   d mean = -scale * rstd * sum(dy),  d variance = -0.5 * rstd^3 * scale * sum(dy * (x - mean)),
 * five full-size passes in all (a multiply for dx; a sum; a subtract, multiply and sum). Other shapes keep
 * tfjs's formulas, broadcast instead of tiled, each gradient summed to its own input's shape (tfjs's sums
 * the variance's and scale's to the mean's). */
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
    // The sum of t over the axes along which an input of `shape` (rank 1: per channel) was broadcast.
    const reduceTo = (t: tf.Tensor, shape: number[]) => {
      const axes =
        shape.length === 1
          ? [...Array(x.rank - 1).keys()]
          : tf.backend_util.getReductionAxes(shape, x.shape);
      return tf.reshape(axes.length > 0 ? tf.sum(t, axes) : t, shape);
    };
    const rstd = tf.rsqrt(tf.add(variance, tf.scalar(varianceEpsilon)));
    const perChannel =
      tf.util.arraysEqual(variance.shape, mean.shape) &&
      (scale === undefined || tf.util.arraysEqual(scale.shape, mean.shape));
    if (perChannel) {
      const gain = tf.mul(scaleValue, rstd);
      // Made once for the four gradients that use them (the tape's scope frees them after the step).
      const sumDy = reduceTo(g, mean.shape);
      const sumDyCentred = reduceTo(tf.mul(g, tf.sub(x, mean)), mean.shape);
      return {
        x: () => tf.reshape(tf.mul(g, gain), x.shape),
        mean: () => tf.neg(tf.mul(sumDy, gain)),
        variance: () => tf.mul(tf.mul(tf.mul(tf.pow(rstd, 3), -0.5), scaleValue), sumDyCentred),
        scale: () => tf.mul(rstd, sumDyCentred),
        offset: () => tf.clone(sumDy),
      };
    }
    const xMinusMean = tf.sub(x, mean);
    const dyTimesScale = tf.mul(g, scaleValue);
    return {
      x: () => tf.reshape(tf.mul(dyTimesScale, rstd), x.shape),
      mean: () => reduceTo(tf.mul(dyTimesScale, tf.neg(rstd)), mean.shape),
      variance: () =>
        reduceTo(
          tf.mul(tf.mul(tf.mul(tf.pow(rstd, 3), -0.5), xMinusMean), dyTimesScale),
          variance.shape,
        ),
      scale: () => reduceTo(tf.mul(g, tf.mul(xMinusMean, rstd)), scaleValue.shape),
      // Offset is not saved; BatchNorm gives it the mean's shape.
      offset: () => reduceTo(g, mean.shape),
    };
  },
};
