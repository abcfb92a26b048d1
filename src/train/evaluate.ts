/** Evaluation of a classifier on a split: mean loss, accuracy, per-example correctness and the confusion matrix. */
import * as tf from "@tensorflow/tfjs";
import type { LabeledImages } from "../data/dataset";
import { standardise, type ChannelStats } from "./normalize";

export interface Evaluation {
  loss: number;
  acc: number;
  /** 1 where the prediction for item i (in item order) is right. */
  correct: Uint8Array;
  /** confusion[true][predicted] counts. */
  confusion: number[][];
}

/** The class logits of a model's output: its first output when it has several (auxiliary heads). */
export function logitsOf(output: tf.Tensor | tf.Tensor[]): tf.Tensor2D {
  return (Array.isArray(output) ? output[0] : output) as tf.Tensor2D;
}

/** Softmax cross-entropy of `logits` against integer `labels`, per example; with `labelSmoothing` s the
 * target is (1 - s) one-hot + s / classes, as torch.nn.CrossEntropyLoss(label_smoothing=s). */
export function crossEntropyPerExample(
  logits: tf.Tensor2D,
  labels: tf.Tensor1D,
  labelSmoothing = 0,
): tf.Tensor1D {
  return tf.tidy(() => {
    const classes = logits.shape[1];
    const logp = tf.logSoftmax(logits);
    const hot = tf.oneHot(labels, classes);
    // Without smoothing, the one-hot itself: the same operations (and bits) as before smoothing existed.
    const target =
      labelSmoothing === 0
        ? hot
        : tf.add(tf.mul(hot, 1 - labelSmoothing), labelSmoothing / classes);
    return tf.neg(tf.sum(tf.mul(logp, target), 1)) as tf.Tensor1D;
  });
}

/** Runs `model` in inference mode over every item of `split`, in order, `batchSize` at a time; inputs are
 * standardised by `stats` when given (as in training). */
export async function evaluate(
  model: tf.LayersModel,
  split: LabeledImages,
  numClasses: number,
  batchSize: number,
  stats?: ChannelStats | null,
): Promise<Evaluation> {
  const [h, w, c] = split.imageShape;
  const correct = new Uint8Array(split.count);
  const confusion = Array.from({ length: numClasses }, () => new Array<number>(numClasses).fill(0));
  let lossSum = 0;
  for (let start = 0; start < split.count; start += batchSize) {
    const n = Math.min(batchSize, split.count - start);
    const batch = await split.batch(Array.from({ length: n }, (_, i) => start + i));
    const [losses, preds] = tf.tidy(() => {
      const logits = logitsOf(
        model.apply(tf.tensor4d(stats ? standardise(batch.x, stats) : batch.x, [n, h, w, c]), {
          training: false,
        }) as tf.Tensor | tf.Tensor[],
      );
      return [crossEntropyPerExample(logits, tf.tensor1d(batch.y, "int32")), tf.argMax(logits, 1)];
    });
    const [l, p] = [await losses.data(), await preds.data()];
    tf.dispose([losses, preds]);
    for (let i = 0; i < n; i++) {
      lossSum += l[i];
      correct[start + i] = p[i] === batch.y[i] ? 1 : 0;
      confusion[batch.y[i]][p[i]]++;
    }
  }
  const right = correct.reduce((a, b) => a + b, 0);
  return {
    loss: lossSum / Math.max(1, split.count),
    acc: right / Math.max(1, split.count),
    correct,
    confusion,
  };
}
