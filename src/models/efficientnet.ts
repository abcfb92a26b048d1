/** EfficientNetV2 (Tan & Le 2021) as torchvision's `efficientnet_v2_l`: fused-MBConv stages, then MBConv
 * stages with squeeze-excitation, SiLU, stochastic depth growing linearly with block index. */
import * as tf from "@tensorflow/tfjs";
import { SeededDropout, StochasticDepth } from "./layers/stochastic";
import { SqueezeExcite } from "./layers/squeeze-excite";
import {
  add,
  convBnAct,
  dense,
  globalAvgPool,
  modelInput,
  type FamilyBuilder,
  type Init,
} from "./builder-kit";

export interface EfficientNetStage {
  block: "fused" | "mb";
  expand: number;
  kernel: number;
  stride: number;
  in: number;
  out: number;
  layers: number;
}

export interface EfficientNetV2Config {
  stages: EfficientNetStage[];
  stemStride: number;
  /** Channels of the last 1x1 conv before pooling. */
  lastChannel: number;
  dropout: number;
  /** Drop probability of the last block; block i of n gets this times i / n. */
  stochasticDepth: number;
}

const fused = (
  expand: number,
  kernel: number,
  stride: number,
  inC: number,
  out: number,
  layers: number,
): EfficientNetStage => ({ block: "fused", expand, kernel, stride, in: inC, out, layers });
const mb = (
  expand: number,
  kernel: number,
  stride: number,
  inC: number,
  out: number,
  layers: number,
): EfficientNetStage => ({ block: "mb", expand, kernel, stride, in: inC, out, layers });

export const EFFICIENTNET_V2_L_PAPER: EfficientNetV2Config = {
  stages: [
    fused(1, 3, 1, 32, 32, 4),
    fused(4, 3, 2, 32, 64, 7),
    fused(4, 3, 2, 64, 96, 7),
    mb(4, 3, 2, 96, 192, 10),
    mb(6, 3, 1, 192, 224, 19),
    mb(6, 3, 2, 224, 384, 25),
    mb(6, 3, 1, 384, 640, 7),
  ],
  stemStride: 2,
  lastChannel: 1280,
  dropout: 0.5,
  stochasticDepth: 0.2,
};

/** Workshop scale: two fused and two MBConv stages of one or two blocks, stride-1 stem, 256 last channels. */
export const EFFICIENTNET_SMALL: EfficientNetV2Config = {
  stages: [
    fused(1, 3, 1, 16, 16, 1),
    fused(4, 3, 2, 16, 32, 2),
    mb(4, 3, 2, 32, 64, 2),
    mb(6, 3, 1, 64, 96, 2),
  ],
  stemStride: 1,
  lastChannel: 256,
  dropout: 0.2,
  stochasticDepth: 0.1,
};

const BN_EPS = 1e-3;

function block(
  x: tf.SymbolicTensor,
  stage: EfficientNetStage,
  inC: number,
  stride: number,
  dropRate: number,
  name: string,
  init: Init,
): tf.SymbolicTensor {
  const expanded = inC * stage.expand;
  const unit = (
    t: tf.SymbolicTensor,
    i: number,
    filters: number,
    kernel: number,
    s: number,
    act: "silu" | "none",
    depthwise = false,
  ) =>
    convBnAct(
      t,
      {
        filters,
        kernel,
        stride: s,
        padding: (kernel - 1) / 2,
        depthwise,
        name: `${name}.block.${i}`,
        init: depthwise ? init.kaimingFanOutDepthwise(filters, kernel) : init.kaimingFanOut(),
      },
      act,
      BN_EPS,
    );
  let y: tf.SymbolicTensor;
  if (stage.block === "fused") {
    y =
      expanded !== inC
        ? unit(unit(x, 0, expanded, stage.kernel, stride, "silu"), 1, stage.out, 1, 1, "none")
        : unit(x, 0, stage.out, stage.kernel, stride, "silu");
  } else {
    let i = 0;
    y = x;
    if (expanded !== inC) y = unit(y, i++, expanded, 1, 1, "silu");
    y = unit(y, i++, expanded, stage.kernel, stride, "silu", true);
    y = new SqueezeExcite({
      squeeze: Math.max(1, Math.floor(inC / 4)),
      activation: "silu",
      gate: "sigmoid",
      name: `${name}.block.${i++}`,
      kernelInitializer: init.kaimingFanOut(),
    }).apply(y) as tf.SymbolicTensor;
    y = unit(y, i, stage.out, 1, 1, "none");
  }
  if (stride !== 1 || inC !== stage.out) return y;
  return add(
    x,
    new StochasticDepth({
      rate: dropRate,
      seed: init.seed(),
      name: `${name}.stochastic_depth`,
    }).apply(y) as tf.SymbolicTensor,
  );
}

export const buildEfficientNetV2: FamilyBuilder<EfficientNetV2Config> = (
  config,
  { init },
  inputShape,
  numClasses,
) => {
  const input = modelInput(inputShape);
  let x = convBnAct(
    input,
    {
      filters: config.stages[0].in,
      kernel: 3,
      stride: config.stemStride,
      padding: 1,
      name: "features.0",
      init: init.kaimingFanOut(),
    },
    "silu",
    BN_EPS,
  );
  const total = config.stages.reduce((n, s) => n + s.layers, 0);
  let blockId = 0;
  config.stages.forEach((stage, s) => {
    for (let i = 0; i < stage.layers; i++) {
      const inC = i === 0 ? stage.in : stage.out;
      if (i === 0 && x.shape[3] !== inC)
        throw new Error(
          `efficientnet_v2 stage ${s}: config says ${inC} input channels, the previous stage gives ${x.shape[3]}`,
        );
      x = block(
        x,
        stage,
        inC,
        i === 0 ? stage.stride : 1,
        (config.stochasticDepth * blockId) / total,
        `features.${s + 1}.${i}`,
        init,
      );
      blockId += 1;
    }
  });
  x = convBnAct(
    x,
    {
      filters: config.lastChannel,
      kernel: 1,
      name: `features.${config.stages.length + 1}`,
      init: init.kaimingFanOut(),
    },
    "silu",
    BN_EPS,
  );
  x = new SeededDropout({ rate: config.dropout, seed: init.seed() }).apply(
    globalAvgPool(x),
  ) as tf.SymbolicTensor;
  const logits = dense(x, numClasses, "classifier.1", init.uniform(1 / Math.sqrt(numClasses)));
  return tf.model({ inputs: input, outputs: logits, name: "efficientnet_v2" });
};
