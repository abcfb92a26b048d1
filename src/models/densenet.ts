/** DenseNet (Huang et al. 2016) as torchvision's `densenet161`: dense blocks of BN-ReLU-1x1-BN-ReLU-3x3
 * layers whose outputs are concatenated, joined by halving transitions. */
import * as tf from "@tensorflow/tfjs";
import {
  activate,
  avgPool,
  batchNorm,
  concat,
  conv,
  convStem,
  dense,
  globalAvgPool,
  modelInput,
  type FamilyBuilder,
  type Init,
  type StemKind,
} from "./builder-kit";

export interface DenseNetConfig {
  growthRate: number;
  /** Layers per dense block. */
  blocks: number[];
  initFeatures: number;
  /** Bottleneck width as a multiple of the growth rate. */
  bnSize: number;
  stem: StemKind;
}

export const DENSENET161_PAPER: DenseNetConfig = {
  growthRate: 48,
  blocks: [6, 12, 36, 24],
  initFeatures: 96,
  bnSize: 4,
  stem: "imagenet",
};

/** Workshop scale: three short blocks with growth 12 (the DenseNet paper's CIFAR setting, shallower). */
export const DENSENET_SMALL: DenseNetConfig = {
  growthRate: 12,
  blocks: [4, 4, 4],
  initFeatures: 24,
  bnSize: 4,
  stem: "cifar",
};

function denseLayer(
  x: tf.SymbolicTensor,
  config: DenseNetConfig,
  name: string,
  init: Init,
): tf.SymbolicTensor {
  let y = activate(batchNorm(x, `${name}.norm1`), "relu");
  y = conv(y, {
    filters: config.bnSize * config.growthRate,
    kernel: 1,
    name: `${name}.conv1`,
    init: init.kaimingFanIn(),
  });
  y = activate(batchNorm(y, `${name}.norm2`), "relu");
  return conv(y, {
    filters: config.growthRate,
    kernel: 3,
    padding: 1,
    name: `${name}.conv2`,
    init: init.kaimingFanIn(),
  });
}

export const buildDenseNet: FamilyBuilder<DenseNetConfig> = (
  config,
  { init },
  inputShape,
  numClasses,
) => {
  const input = modelInput(inputShape);
  let x = convStem(
    input,
    config.stem,
    config.initFeatures,
    { conv: "features.conv0", bn: "features.norm0" },
    init.kaimingFanIn(),
  );
  config.blocks.forEach((layers, b) => {
    const features = [x];
    for (let l = 0; l < layers; l++) {
      // concat gets a copy: tfjs keeps the array it is given as the node's inputs.
      const joined = features.length === 1 ? features[0] : concat([...features]);
      features.push(
        denseLayer(joined, config, `features.denseblock${b + 1}.denselayer${l + 1}`, init),
      );
    }
    x = concat(features);
    if (b < config.blocks.length - 1) {
      const name = `features.transition${b + 1}`;
      x = activate(batchNorm(x, `${name}.norm`), "relu");
      x = conv(x, {
        filters: Math.floor((x.shape[3] as number) / 2),
        kernel: 1,
        name: `${name}.conv`,
        init: init.kaimingFanIn(),
      });
      x = avgPool(x, 2, 2);
    }
  });
  x = activate(batchNorm(x, "features.norm5"), "relu");
  const logits = dense(globalAvgPool(x), numClasses, "classifier", init.torchDefault());
  return tf.model({ inputs: input, outputs: logits, name: "densenet" });
};
