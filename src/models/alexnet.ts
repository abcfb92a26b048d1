/** AlexNet (Krizhevsky et al. 2012) as torchvision's `alexnet`: five convolutions, three max pools, an
 * adaptive average pool and a three-layer classifier with dropout. */
import * as tf from "@tensorflow/tfjs";
import { SeededDropout } from "./layers/stochastic";
import {
  activate,
  adaptiveAvgPool,
  conv,
  flatten,
  maxPool,
  modelInput,
  torchLinear,
  type FamilyBuilder,
} from "./builder-kit";

export interface AlexNetConfig {
  /** The five convolutions as [filters, kernel, stride, padding]. */
  convs: [number, number, number, number][];
  /** Indices of the convolutions followed by a 3x3, stride-2 max pool. */
  poolAfter: number[];
  /** Side of the adaptive average pool before the classifier. */
  poolTo: number;
  /** Width of the two hidden classifier layers. */
  hidden: number;
  dropout: number;
  /** "torch": torch's default layer init, as torchvision's AlexNet; "kaiming": Kaiming normal (fan in,
   * ReLU gain), which keeps the signal's variance through the layers. */
  init: "torch" | "kaiming";
}

export const ALEXNET_PAPER: AlexNetConfig = {
  convs: [
    [64, 11, 4, 2],
    [192, 5, 1, 2],
    [384, 3, 1, 1],
    [256, 3, 1, 1],
    [256, 3, 1, 1],
  ],
  poolAfter: [0, 1, 4],
  poolTo: 6,
  hidden: 4096,
  dropout: 0.5,
  init: "torch",
};

/** Workshop scale: 5x5 stride-1 stem for 28-32 pixel inputs, narrower layers, global pool, and Kaiming
 * init: under torch's default init the variance shrinks about 6x per layer, so the logits start near 0.02
 * and a run of a few hundred steps stays at chance (measured: MNIST, 40 steps, SGD or Adam); ImageNet's
 * 90 epochs have time to grow out of it, a workshop run does not. */
export const ALEXNET_SMALL: AlexNetConfig = {
  convs: [
    [32, 5, 1, 2],
    [64, 3, 1, 1],
    [96, 3, 1, 1],
    [64, 3, 1, 1],
    [64, 3, 1, 1],
  ],
  poolAfter: [0, 1, 4],
  poolTo: 1,
  hidden: 256,
  // No dropout: a workshop run (about 100 steps) is too short to overfit, and with dropout 0.5 on the
  // classifier a first epoch of 1200 MNIST images (batches of 16, SGD 0.01 with momentum) ended at a mean
  // training loss of 2.31 (ln 10); without it, 60 steps of 32 at the same rate reach 1.9 (2.2 at 0.2).
  dropout: 0,
  init: "kaiming",
};

// torchvision's module indices, so weight names map one to one onto its state dict.
const FEATURE_INDEX = [0, 3, 6, 8, 10];

export const buildAlexNet: FamilyBuilder<AlexNetConfig> = (
  config,
  { init },
  inputShape,
  numClasses,
) => {
  const input = modelInput(inputShape);
  let x = input;
  config.convs.forEach(([filters, kernel, stride, padding], i) => {
    x = activate(
      conv(x, {
        filters,
        kernel,
        stride,
        padding,
        bias: true,
        name: `features.${FEATURE_INDEX[i] ?? i}`,
        init: config.init === "torch" ? init.torchDefault() : init.kaimingFanIn(),
      }),
      "relu",
    );
    if (config.poolAfter.includes(i)) x = maxPool(x, 3, 2);
  });
  x = flatten(adaptiveAvgPool(x, config.poolTo, "alexnet"));
  const drop = (t: tf.SymbolicTensor) =>
    new SeededDropout({ rate: config.dropout, seed: init.seed() }).apply(t) as tf.SymbolicTensor;
  x = torchLinear(drop(x), config.hidden, "classifier.1", init, "relu");
  x = torchLinear(drop(x), config.hidden, "classifier.4", init, "relu");
  const logits = torchLinear(x, numClasses, "classifier.6", init);
  return tf.model({ inputs: input, outputs: logits, name: "alexnet" });
};
