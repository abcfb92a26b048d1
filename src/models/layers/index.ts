/** The custom layers of the zoo; importing this module registers them all for model (de)serialization. */
export { HardSwish, HardSigmoid, hardSigmoidOp } from "./activations";
export { SqueezeExcite } from "./squeeze-excite";
export { LayerScale } from "./layer-scale";
export { LayerNorm } from "./layer-norm";
export { StochasticDepth, SeededDropout } from "./stochastic";
export { MultiHeadSelfAttention } from "./attention";
export { ClassTokenPositionEmbedding, TakeClassToken } from "./tokens";
