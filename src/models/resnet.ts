/** ResNet (He et al. 2015) as torchvision's `resnet152`: bottleneck blocks with the stride on the 3x3
 * convolution (ResNet v1.5) and 1x1 projection shortcuts where the shape changes. */
import * as tf from "@tensorflow/tfjs";
import {
  activate,
  add,
  batchNorm,
  conv,
  convStem,
  globalAvgPool,
  modelInput,
  torchLinear,
  type FamilyBuilder,
  type Init,
  type StemKind,
} from "./builder-kit";

export interface ResNetConfig {
  /** Blocks per stage. */
  layers: number[];
  /** Bottleneck width per stage (the block output is 4x). */
  widths: number[];
  stemWidth: number;
  stem: StemKind;
}

export const RESNET152_PAPER: ResNetConfig = {
  layers: [3, 8, 36, 3],
  widths: [64, 128, 256, 512],
  stemWidth: 64,
  stem: "imagenet",
};

/** Workshop scale: one or two narrow bottlenecks per stage behind a CIFAR stem. */
export const RESNET_SMALL: ResNetConfig = {
  layers: [1, 2, 2, 1],
  widths: [8, 16, 32, 64],
  stemWidth: 16,
  stem: "cifar",
};

const EXPANSION = 4;

function bottleneck(
  x: tf.SymbolicTensor,
  width: number,
  stride: number,
  name: string,
  init: Init,
): tf.SymbolicTensor {
  const inChannels = x.shape[3] as number;
  let y = activate(
    batchNorm(
      conv(x, { filters: width, kernel: 1, name: `${name}.conv1`, init: init.kaimingFanOut() }),
      `${name}.bn1`,
    ),
    "relu",
  );
  y = activate(
    batchNorm(
      conv(y, {
        filters: width,
        kernel: 3,
        stride,
        padding: 1,
        name: `${name}.conv2`,
        init: init.kaimingFanOut(),
      }),
      `${name}.bn2`,
    ),
    "relu",
  );
  y = batchNorm(
    conv(y, {
      filters: width * EXPANSION,
      kernel: 1,
      name: `${name}.conv3`,
      init: init.kaimingFanOut(),
    }),
    `${name}.bn3`,
  );
  let shortcut = x;
  if (stride !== 1 || inChannels !== width * EXPANSION) {
    shortcut = batchNorm(
      conv(x, {
        filters: width * EXPANSION,
        kernel: 1,
        stride,
        name: `${name}.downsample.0`,
        init: init.kaimingFanOut(),
      }),
      `${name}.downsample.1`,
    );
  }
  return activate(add(y, shortcut), "relu");
}

export const buildResNet: FamilyBuilder<ResNetConfig> = (
  config,
  { init },
  inputShape,
  numClasses,
) => {
  if (config.layers.length !== config.widths.length)
    throw new Error(
      `resnet config: layers (${config.layers.length} stages) and widths (${config.widths.length}) must have the same length`,
    );
  const input = modelInput(inputShape);
  let x = convStem(
    input,
    config.stem,
    config.stemWidth,
    { conv: "conv1", bn: "bn1" },
    init.kaimingFanOut(),
  );
  config.layers.forEach((blocks, stage) => {
    for (let b = 0; b < blocks; b++) {
      x = bottleneck(
        x,
        config.widths[stage],
        b === 0 && stage > 0 ? 2 : 1,
        `layer${stage + 1}.${b}`,
        init,
      );
    }
  });
  const logits = torchLinear(globalAvgPool(x), numClasses, "fc", init);
  return tf.model({ inputs: input, outputs: logits, name: "resnet" });
};
