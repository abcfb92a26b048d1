/** Vision Transformer (Dosovitskiy et al. 2020) as torchvision's `vit_b_16`: a patchifying conv, a class
 * token and learned position embeddings, pre-norm encoder blocks, and a linear head on the class token. */
import * as tf from "@tensorflow/tfjs";
import { MultiHeadSelfAttention } from "./layers/attention";
import { LayerNorm } from "./layers/layer-norm";
import { SeededDropout } from "./layers/stochastic";
import { ClassTokenPositionEmbedding, TakeClassToken } from "./layers/tokens";
import { add, conv, dense, modelInput, type FamilyBuilder, type Init } from "./builder-kit";

export interface VitConfig {
  patchSize: number;
  hiddenDim: number;
  depth: number;
  heads: number;
  mlpDim: number;
  dropout: number;
}

export const VIT_B_16_PAPER: VitConfig = {
  patchSize: 16,
  hiddenDim: 768,
  depth: 12,
  heads: 12,
  mlpDim: 3072,
  dropout: 0,
};

/** Workshop scale: 4-pixel patches (64 tokens at 32x32, 49 at 28x28), width 64, four blocks. */
export const VIT_SMALL: VitConfig = {
  patchSize: 4,
  hiddenDim: 64,
  depth: 4,
  heads: 4,
  mlpDim: 128,
  dropout: 0,
};

const LN_EPS = 1e-6;

function layerNorm(x: tf.SymbolicTensor, name: string): tf.SymbolicTensor {
  return new LayerNorm({ epsilon: LN_EPS, name }).apply(x) as tf.SymbolicTensor;
}

function encoderBlock(
  x: tf.SymbolicTensor,
  config: VitConfig,
  name: string,
  init: Init,
): tf.SymbolicTensor {
  const drop = (t: tf.SymbolicTensor) =>
    new SeededDropout({ rate: config.dropout, seed: init.seed() }).apply(t) as tf.SymbolicTensor;
  const attended = new MultiHeadSelfAttention({
    heads: config.heads,
    name: `${name}.self_attention`,
    kernelInitializer: init.xavierUniform(),
  }).apply(layerNorm(x, `${name}.ln_1`)) as tf.SymbolicTensor;
  const y = add(x, drop(attended));
  let m = dense(
    layerNorm(y, `${name}.ln_2`),
    config.mlpDim,
    `${name}.mlp.0`,
    init.xavierUniform(),
    "gelu",
    init.normal(1e-6),
  );
  m = dense(
    drop(m),
    config.hiddenDim,
    `${name}.mlp.3`,
    init.xavierUniform(),
    "linear",
    init.normal(1e-6),
  );
  return add(y, drop(m));
}

export const buildVit: FamilyBuilder<VitConfig> = (config, { init }, inputShape, numClasses) => {
  const [h, w, c] = inputShape;
  const p = config.patchSize;
  if (h % p !== 0 || w % p !== 0)
    throw new Error(`vit: input ${h}x${w} is not a multiple of the patch size ${p}`);
  const input = modelInput(inputShape);
  let x = conv(input, {
    filters: config.hiddenDim,
    kernel: p,
    stride: p,
    bias: true,
    name: "conv_proj",
    init: init.truncNormal(Math.sqrt(1 / (c * p * p))),
  });
  x = tf.layers
    .reshape({ targetShape: [(h / p) * (w / p), config.hiddenDim] })
    .apply(x) as tf.SymbolicTensor;
  x = new ClassTokenPositionEmbedding({
    name: "encoder.pos_embedding",
    positionInitializer: init.normal(0.02),
  }).apply(x) as tf.SymbolicTensor;
  x = new SeededDropout({ rate: config.dropout, seed: init.seed() }).apply(x) as tf.SymbolicTensor;
  for (let i = 0; i < config.depth; i++)
    x = encoderBlock(x, config, `encoder.layers.encoder_layer_${i}`, init);
  x = new TakeClassToken({}).apply(layerNorm(x, "encoder.ln")) as tf.SymbolicTensor;
  // torchvision zero-initialises the head.
  const logits = dense(x, numClasses, "heads.head", tf.initializers.zeros());
  return tf.model({ inputs: input, outputs: logits, name: "vit" });
};
