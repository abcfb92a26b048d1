/** ConvNeXt (Liu et al. 2022) as torchvision's `convnext_large`: a patchify stem, blocks of depthwise 7x7,
 * LayerNorm, an inverted MLP with GELU, layer scale and stochastic depth; LayerNorm + 2x2 conv downsampling. */
import * as tf from "@tensorflow/tfjs";
import { LayerNorm } from "./layers/layer-norm";
import { LayerScale } from "./layers/layer-scale";
import { StochasticDepth } from "./layers/stochastic";
import {
  add,
  conv,
  dense,
  globalAvgPool,
  modelInput,
  type FamilyBuilder,
  type Init,
} from "./builder-kit";

export interface ConvNextConfig {
  dims: number[];
  depths: number[];
  /** Side of the stem's non-overlapping patches. */
  stemPatch: number;
  kernel: number;
  layerScale: number;
  /** Drop probability of the last block, growing linearly from 0 at the first. */
  stochasticDepth: number;
}

export const CONVNEXT_LARGE_PAPER: ConvNextConfig = {
  dims: [192, 384, 768, 1536],
  depths: [3, 3, 27, 3],
  stemPatch: 4,
  kernel: 7,
  layerScale: 1e-6,
  stochasticDepth: 0.5,
};

/** Workshop scale: dims 16-128, five blocks, 2x2 stem patches for 28-32 pixel inputs. */
export const CONVNEXT_SMALL: ConvNextConfig = {
  dims: [16, 32, 64, 128],
  depths: [1, 1, 2, 1],
  stemPatch: 2,
  kernel: 7,
  layerScale: 1e-6,
  stochasticDepth: 0.1,
};

const LN_EPS = 1e-6;

// LayerNorm over channels of NHWC maps is torchvision's LayerNorm2d.
function layerNorm(x: tf.SymbolicTensor, name: string): tf.SymbolicTensor {
  return new LayerNorm({ epsilon: LN_EPS, name }).apply(x) as tf.SymbolicTensor;
}

function cnBlock(
  x: tf.SymbolicTensor,
  config: ConvNextConfig,
  dropRate: number,
  name: string,
  init: Init,
): tf.SymbolicTensor {
  const dim = x.shape[3] as number;
  let y = conv(x, {
    filters: dim,
    kernel: config.kernel,
    padding: (config.kernel - 1) / 2,
    depthwise: true,
    bias: true,
    name: `${name}.block.0`,
    init: init.truncNormal(0.02),
  });
  y = layerNorm(y, `${name}.block.2`);
  y = dense(y, 4 * dim, `${name}.block.3`, init.truncNormal(0.02), "gelu");
  y = dense(y, dim, `${name}.block.5`, init.truncNormal(0.02));
  y = new LayerScale({ initValue: config.layerScale, name: `${name}.layer_scale` }).apply(
    y,
  ) as tf.SymbolicTensor;
  y = new StochasticDepth({
    rate: dropRate,
    seed: init.seed(),
    name: `${name}.stochastic_depth`,
  }).apply(y) as tf.SymbolicTensor;
  return add(x, y);
}

export const buildConvNext: FamilyBuilder<ConvNextConfig> = (
  config,
  { init },
  inputShape,
  numClasses,
) => {
  if (config.dims.length !== config.depths.length)
    throw new Error(
      `convnext config: dims (${config.dims.length} stages) and depths (${config.depths.length}) must have the same length`,
    );
  const input = modelInput(inputShape);
  let x = conv(input, {
    filters: config.dims[0],
    kernel: config.stemPatch,
    stride: config.stemPatch,
    bias: true,
    name: "features.0.0",
    init: init.truncNormal(0.02),
  });
  x = layerNorm(x, "features.0.1");
  const total = config.depths.reduce((a, b) => a + b, 0);
  let blockId = 0;
  config.depths.forEach((depth, s) => {
    for (let i = 0; i < depth; i++) {
      x = cnBlock(
        x,
        config,
        total > 1 ? (config.stochasticDepth * blockId) / (total - 1) : 0,
        `features.${2 * s + 1}.${i}`,
        init,
      );
      blockId += 1;
    }
    if (s < config.depths.length - 1) {
      if ((x.shape[1] as number) < 2)
        throw new Error(
          `convnext: stage ${s + 1} map is ${x.shape[1]}x${x.shape[2]}, too small to downsample; use a larger input or a smaller stemPatch`,
        );
      x = layerNorm(x, `features.${2 * s + 2}.0`);
      x = conv(x, {
        filters: config.dims[s + 1],
        kernel: 2,
        stride: 2,
        bias: true,
        name: `features.${2 * s + 2}.1`,
        init: init.truncNormal(0.02),
      });
    }
  });
  x = layerNorm(globalAvgPool(x), "classifier.0");
  const logits = dense(x, numClasses, "classifier.2", init.truncNormal(0.02));
  return tf.model({ inputs: input, outputs: logits, name: "convnext" });
};
