/** VGG (Simonyan & Zisserman 2014) as torchvision's `vgg19`: stacks of 3x3 convolutions and max pools,
 * an adaptive average pool and a three-layer classifier with dropout. */
import * as tf from "@tensorflow/tfjs";
import { SeededDropout } from "./layers/stochastic";
import {
  activate,
  adaptiveAvgPool,
  batchNorm,
  conv,
  dense,
  flatten,
  maxPool,
  modelInput,
  type FamilyBuilder,
} from "./builder-kit";

export interface VggConfig {
  /** Conv widths in order, "M" for a 2x2 max pool (torchvision's cfgs). */
  layers: (number | "M")[];
  /** BatchNorm after each conv (torchvision's vgg19_bn); the paper's vgg19 has none. */
  batchNorm: boolean;
  poolTo: number;
  hidden: number;
  dropout: number;
  /** Standard deviation of the classifier's normal init: torchvision's 0.01 at 4096 units; narrower
   * layers need more to pass the same signal on. */
  classifierStd: number;
}

export const VGG19_PAPER: VggConfig = {
  layers: [
    64,
    64,
    "M",
    128,
    128,
    "M",
    256,
    256,
    256,
    256,
    "M",
    512,
    512,
    512,
    512,
    "M",
    512,
    512,
    512,
    512,
    "M",
  ],
  batchNorm: false,
  poolTo: 7,
  hidden: 4096,
  dropout: 0.5,
  classifierStd: 0.01,
};

/** Workshop scale: four pools for 28-32 pixel inputs, narrow layers, global pool. */
export const VGG_SMALL: VggConfig = {
  layers: [16, "M", 32, "M", 64, 64, "M", 128, 128, "M"],
  batchNorm: false,
  poolTo: 1,
  hidden: 128,
  // No dropout, as AlexNet's workshop scale (src/models/alexnet.ts): measured on MNIST, with dropout 0.5 a
  // run of 1200 images on batches of 16 ended at a train loss of 2.31 (ln 10); without it, 60 steps of 32
  // at SGD 0.01 with momentum reach 1.2.
  dropout: 0,
  // Kaiming's sqrt(2 / 128): with 0.01 the variance falls ~150x in each of the three layers, so the logits
  // start near 6e-5 and a workshop run stays at chance (measured: MNIST, 40 steps, SGD or Adam).
  classifierStd: 0.125,
};

export const buildVgg: FamilyBuilder<VggConfig> = (config, { init }, inputShape, numClasses) => {
  const input = modelInput(inputShape);
  let x = input;
  let index = 0; // torchvision's Sequential index
  for (const layer of config.layers) {
    if (layer === "M") {
      x = maxPool(x, 2, 2);
      index += 1;
      continue;
    }
    x = conv(x, {
      filters: layer,
      kernel: 3,
      padding: 1,
      bias: true,
      name: `features.${index}`,
      init: init.kaimingFanOut(),
    });
    if (config.batchNorm) x = batchNorm(x, `features.${index + 1}`);
    x = activate(x, "relu");
    index += config.batchNorm ? 3 : 2;
  }
  x = flatten(adaptiveAvgPool(x, config.poolTo, "vgg"));
  const drop = (t: tf.SymbolicTensor) =>
    new SeededDropout({ rate: config.dropout, seed: init.seed() }).apply(t) as tf.SymbolicTensor;
  x = drop(dense(x, config.hidden, "classifier.0", init.normal(config.classifierStd), "relu"));
  x = drop(dense(x, config.hidden, "classifier.3", init.normal(config.classifierStd), "relu"));
  const logits = dense(x, numClasses, "classifier.6", init.normal(config.classifierStd));
  return tf.model({ inputs: input, outputs: logits, name: "vgg" });
};
