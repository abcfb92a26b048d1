/** Inception V3 (Szegedy et al. 2015) as torchvision's `inception_v3`: a conv stem, Inception A/B/C/D/E
 * modules with factorised convolutions, and the auxiliary classifier on Mixed_6e as a second output. */
import * as tf from "@tensorflow/tfjs";
import { SeededDropout } from "./layers/stochastic";
import {
  avgPool,
  concat,
  convBnAct,
  dense,
  globalAvgPool,
  maxPool,
  modelInput,
  type FamilyBuilder,
  type Init,
  type Pair,
} from "./builder-kit";

export interface InceptionConfig {
  /** Multiplies every channel count (1 = the paper's). */
  width: number;
  /** "paper": the 299-pixel stem down to 35x35; "small": one 3x3 conv and a pool for 28-32 pixel inputs. */
  stem: "paper" | "small";
  /** The auxiliary classifier (a second model output; torchvision counts its parameters). */
  aux: boolean;
  dropout: number;
}

export const INCEPTION_V3_PAPER: InceptionConfig = {
  width: 1,
  stem: "paper",
  aux: true,
  dropout: 0.5,
};

/** Workshop scale: an eighth of the channels, short stem, no auxiliary head. */
export const INCEPTION_SMALL: InceptionConfig = {
  width: 0.125,
  stem: "small",
  aux: false,
  // No dropout, as AlexNet's and VGG's workshop scale: measured on MNIST, 1000 images x 2 epochs at the
  // workshop recipe's rate 0.1, 0.203 with dropout 0.5 and 0.360 without.
  dropout: 0,
};

// torchvision's BasicConv2d: conv without bias, BatchNorm with eps 0.001, ReLU.
type Unit = (
  x: tf.SymbolicTensor,
  filters: number,
  kernel: Pair,
  name: string,
  stride?: number,
  padding?: Pair,
  stddev?: number,
) => tf.SymbolicTensor;

function units(config: InceptionConfig, init: Init): Unit {
  const c = (n: number) => Math.max(1, Math.round(n * config.width));
  return (x, filters, kernel, name, stride = 1, padding = 0, stddev = 0.1) =>
    convBnAct(
      x,
      { filters: c(filters), kernel, stride, padding, name, init: init.truncNormal(stddev) },
      "relu",
      1e-3,
    );
}

function inceptionA(
  x: tf.SymbolicTensor,
  poolFeatures: number,
  name: string,
  u: Unit,
): tf.SymbolicTensor {
  const b1 = u(x, 64, 1, `${name}.branch1x1`);
  const b5 = u(u(x, 48, 1, `${name}.branch5x5_1`), 64, 5, `${name}.branch5x5_2`, 1, 2);
  let b3 = u(x, 64, 1, `${name}.branch3x3dbl_1`);
  b3 = u(u(b3, 96, 3, `${name}.branch3x3dbl_2`, 1, 1), 96, 3, `${name}.branch3x3dbl_3`, 1, 1);
  const bp = u(avgPool(x, 3, 1, 1), poolFeatures, 1, `${name}.branch_pool`);
  return concat([b1, b5, b3, bp]);
}

function inceptionB(x: tf.SymbolicTensor, name: string, u: Unit): tf.SymbolicTensor {
  const b3 = u(x, 384, 3, `${name}.branch3x3`, 2);
  let bd = u(x, 64, 1, `${name}.branch3x3dbl_1`);
  bd = u(u(bd, 96, 3, `${name}.branch3x3dbl_2`, 1, 1), 96, 3, `${name}.branch3x3dbl_3`, 2);
  return concat([b3, bd, maxPool(x, 3, 2)]);
}

function inceptionC(x: tf.SymbolicTensor, c7: number, name: string, u: Unit): tf.SymbolicTensor {
  const b1 = u(x, 192, 1, `${name}.branch1x1`);
  let b7 = u(x, c7, 1, `${name}.branch7x7_1`);
  b7 = u(
    u(b7, c7, [1, 7], `${name}.branch7x7_2`, 1, [0, 3]),
    192,
    [7, 1],
    `${name}.branch7x7_3`,
    1,
    [3, 0],
  );
  let bd = u(x, c7, 1, `${name}.branch7x7dbl_1`);
  bd = u(bd, c7, [7, 1], `${name}.branch7x7dbl_2`, 1, [3, 0]);
  bd = u(bd, c7, [1, 7], `${name}.branch7x7dbl_3`, 1, [0, 3]);
  bd = u(bd, c7, [7, 1], `${name}.branch7x7dbl_4`, 1, [3, 0]);
  bd = u(bd, 192, [1, 7], `${name}.branch7x7dbl_5`, 1, [0, 3]);
  const bp = u(avgPool(x, 3, 1, 1), 192, 1, `${name}.branch_pool`);
  return concat([b1, b7, bd, bp]);
}

function inceptionD(x: tf.SymbolicTensor, name: string, u: Unit): tf.SymbolicTensor {
  const b3 = u(u(x, 192, 1, `${name}.branch3x3_1`), 320, 3, `${name}.branch3x3_2`, 2);
  let b7 = u(x, 192, 1, `${name}.branch7x7x3_1`);
  b7 = u(b7, 192, [1, 7], `${name}.branch7x7x3_2`, 1, [0, 3]);
  b7 = u(b7, 192, [7, 1], `${name}.branch7x7x3_3`, 1, [3, 0]);
  b7 = u(b7, 192, 3, `${name}.branch7x7x3_4`, 2);
  return concat([b3, b7, maxPool(x, 3, 2)]);
}

function inceptionE(x: tf.SymbolicTensor, name: string, u: Unit): tf.SymbolicTensor {
  const b1 = u(x, 320, 1, `${name}.branch1x1`);
  const b3 = u(x, 384, 1, `${name}.branch3x3_1`);
  const b3s = concat([
    u(b3, 384, [1, 3], `${name}.branch3x3_2a`, 1, [0, 1]),
    u(b3, 384, [3, 1], `${name}.branch3x3_2b`, 1, [1, 0]),
  ]);
  let bd = u(x, 448, 1, `${name}.branch3x3dbl_1`);
  bd = u(bd, 384, 3, `${name}.branch3x3dbl_2`, 1, 1);
  const bds = concat([
    u(bd, 384, [1, 3], `${name}.branch3x3dbl_3a`, 1, [0, 1]),
    u(bd, 384, [3, 1], `${name}.branch3x3dbl_3b`, 1, [1, 0]),
  ]);
  const bp = u(avgPool(x, 3, 1, 1), 192, 1, `${name}.branch_pool`);
  return concat([b1, b3s, bds, bp]);
}

function auxHead(x: tf.SymbolicTensor, numClasses: number, u: Unit, init: Init): tf.SymbolicTensor {
  const side = x.shape[1] as number;
  if (side < 17)
    throw new Error(
      `inception_v3 auxiliary head: Mixed_6e is ${side}x${side}, needs at least 17x17 (a 299-pixel input); set config.aux = false for small inputs`,
    );
  let y = avgPool(x, 5, 3);
  y = u(y, 128, 1, "AuxLogits.conv0");
  y = u(y, 768, 5, "AuxLogits.conv1", 1, 0, 0.01);
  return dense(globalAvgPool(y), numClasses, "AuxLogits.fc", init.truncNormal(0.001));
}

export const buildInception: FamilyBuilder<InceptionConfig> = (
  config,
  { init },
  inputShape,
  numClasses,
) => {
  const u = units(config, init);
  const input = modelInput(inputShape);
  let x: tf.SymbolicTensor;
  if (config.stem === "paper") {
    x = u(input, 32, 3, "Conv2d_1a_3x3", 2);
    x = u(x, 32, 3, "Conv2d_2a_3x3");
    x = maxPool(u(x, 64, 3, "Conv2d_2b_3x3", 1, 1), 3, 2);
    x = u(x, 80, 1, "Conv2d_3b_1x1");
    x = maxPool(u(x, 192, 3, "Conv2d_4a_3x3"), 3, 2);
  } else {
    x = maxPool(u(input, 32, 3, "Conv2d_1a_3x3", 1, 1), 3, 2);
    x = u(x, 80, 1, "Conv2d_3b_1x1");
    x = u(x, 192, 3, "Conv2d_4a_3x3", 1, 1);
  }
  x = inceptionA(x, 32, "Mixed_5b", u);
  x = inceptionA(x, 64, "Mixed_5c", u);
  x = inceptionA(x, 64, "Mixed_5d", u);
  x = inceptionB(x, "Mixed_6a", u);
  x = inceptionC(x, 128, "Mixed_6b", u);
  x = inceptionC(x, 160, "Mixed_6c", u);
  x = inceptionC(x, 160, "Mixed_6d", u);
  x = inceptionC(x, 192, "Mixed_6e", u);
  const aux = config.aux ? auxHead(x, numClasses, u, init) : null;
  x = inceptionD(x, "Mixed_7a", u);
  x = inceptionE(x, "Mixed_7b", u);
  x = inceptionE(x, "Mixed_7c", u);
  x = new SeededDropout({ rate: config.dropout, seed: init.seed() }).apply(
    globalAvgPool(x),
  ) as tf.SymbolicTensor;
  const logits = dense(x, numClasses, "fc", init.truncNormal(0.1));
  return tf.model({ inputs: input, outputs: aux ? [logits, aux] : logits, name: "inception" });
};
