/** The gradient of Mean as one broadcast: tfjs's own multiplies the output gradient by a full-size tensor
 * of ones and divides the product by the count (a Fill and two full-size passes), for every BatchNorm layer
 * twice per training step (its batch mean and variance). Dividing the small gradient first and broadcasting
 * it gives the same numbers in one pass. */
import * as tf from "@tensorflow/tfjs";

/** The gradient configuration to register (backend-independent: it only calls ops). */
export const meanGradConfig: tf.GradConfig = {
  kernelName: "Mean",
  inputsToSave: ["x"],
  gradFunc: (dy, saved, attrs) => {
    const [x] = saved;
    const axes = tf.util.parseAxisParam((attrs as unknown as { axis: number[] }).axis, x.shape);
    const [, reduceShape] = tf.backend_util.computeOutAndReduceShapes(x.shape, axes);
    const count = tf.util.sizeFromShape(reduceShape);
    const expanded = x.shape.map((d, a) => (axes.includes(a) ? 1 : d));
    return {
      x: () => tf.broadcastTo(tf.div(tf.reshape(dy as tf.Tensor, expanded), count), x.shape),
    };
  },
};
