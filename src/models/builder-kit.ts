/** Shared building blocks of the model zoo: seeded initializers, torch-style padded convolutions and
 * pooling, conv-BN-activation units and adaptive pooling, so each family file reads like its torchvision twin. */
import type { InputShape } from "./facts";
import * as tf from "@tensorflow/tfjs";
import { Rng } from "../util/rng";
import { HardSwish, HardSigmoid } from "./layers/activations";

type SymbolicTensor = tf.SymbolicTensor;
type Initializer = ReturnType<typeof tf.initializers.zeros>;

/** "random": seeded draws like torchvision's init; "zeros": skip the draws (fast) when weights are loaded
 * afterwards or only shapes, parameter counts and FLOPs are wanted. */
export type InitMode = "random" | "zeros";

/** Hands out seeded initializers in build order, so one build seed fixes every initial weight bit for bit. */
export class Init {
  private readonly rng: Rng;
  constructor(
    seed: number,
    readonly mode: InitMode,
  ) {
    this.rng = new Rng(seed);
  }

  /** A fresh 32-bit seed from the build's stream (for initializers and for custom layers' own randomness). */
  seed(): number {
    return this.rng.nextUint32();
  }

  private drawn(make: (seed: number) => Initializer): Initializer {
    const seed = this.seed(); // drawn in both modes so that the seed sequence does not depend on the mode
    return this.mode === "zeros" ? tf.initializers.zeros() : make(seed);
  }

  /** Kaiming normal with fan_out and ReLU gain (torchvision's ResNet, VGG, MobileNet, EfficientNet convs). */
  kaimingFanOut(): Initializer {
    return this.drawn((seed) =>
      tf.initializers.varianceScaling({ scale: 2, mode: "fanOut", distribution: "normal", seed }),
    );
  }

  /** Kaiming normal with fan_out for a depthwise kernel as PyTorch computes it (channels x k x k; tfjs
   * would use k x k, a sqrt(channels) larger spread). */
  kaimingFanOutDepthwise(channels: number, kernel: number): Initializer {
    return this.normal(Math.sqrt(2 / (channels * kernel * kernel)));
  }

  /** Kaiming normal with fan_in and ReLU gain (torchvision's DenseNet convs). */
  kaimingFanIn(): Initializer {
    return this.drawn((seed) =>
      tf.initializers.varianceScaling({ scale: 2, mode: "fanIn", distribution: "normal", seed }),
    );
  }

  /** PyTorch's default for conv and linear layers: uniform in ±1/sqrt(fan_in). */
  torchDefault(): Initializer {
    return this.drawn((seed) =>
      tf.initializers.varianceScaling({
        scale: 1 / 3,
        mode: "fanIn",
        distribution: "uniform",
        seed,
      }),
    );
  }

  /** Truncated normal with a fixed standard deviation (ConvNeXt, Inception, ViT). */
  truncNormal(stddev: number): Initializer {
    return this.drawn((seed) => tf.initializers.truncatedNormal({ mean: 0, stddev, seed }));
  }

  /** Normal with a fixed standard deviation (VGG and MobileNet classifiers, ViT position embedding). */
  normal(stddev: number): Initializer {
    return this.drawn((seed) => tf.initializers.randomNormal({ mean: 0, stddev, seed }));
  }

  /** Uniform in ±limit (EfficientNet classifier: 1/sqrt(out features)). */
  uniform(limit: number): Initializer {
    return this.drawn((seed) =>
      tf.initializers.randomUniform({ minval: -limit, maxval: limit, seed }),
    );
  }

  /** Xavier (Glorot) uniform (ViT MLP layers and attention projections). */
  xavierUniform(): Initializer {
    return this.drawn((seed) => tf.initializers.glorotUniform({ seed }));
  }
}

/** Everything a family builder needs besides its config. */
export interface BuildContext {
  init: Init;
}

export type Activation = "relu" | "relu6" | "silu" | "hardswish" | "gelu" | "none";

/** Applies an activation by name; hard-swish follows PyTorch (x * relu6(x + 3) / 6). */
export function activate(x: SymbolicTensor, act: Activation): SymbolicTensor {
  switch (act) {
    case "none":
      return x;
    case "relu":
      return tf.layers.reLU().apply(x) as SymbolicTensor;
    case "relu6":
      return tf.layers.activation({ activation: "relu6" }).apply(x) as SymbolicTensor;
    case "silu":
      return tf.layers.activation({ activation: "swish" }).apply(x) as SymbolicTensor;
    case "gelu":
      return tf.layers.activation({ activation: "gelu" }).apply(x) as SymbolicTensor;
    case "hardswish":
      return new HardSwish({}).apply(x) as SymbolicTensor;
  }
}

/** PyTorch's hard sigmoid relu6(x + 3) / 6 (tfjs's own is 0.2 x + 0.5). */
export function hardSigmoid(x: SymbolicTensor): SymbolicTensor {
  return new HardSigmoid({}).apply(x) as SymbolicTensor;
}

export type Pair = number | [number, number];
const pair = (v: Pair): [number, number] => (typeof v === "number" ? [v, v] : v);

/** Zero padding of [ph, pw] on both sides, as PyTorch's conv padding; no layer when there is none. */
export function zeroPad(x: SymbolicTensor, padding: Pair): SymbolicTensor {
  const [ph, pw] = pair(padding);
  if (ph === 0 && pw === 0) return x;
  return tf.layers
    .zeroPadding2d({
      padding: [
        [ph, ph],
        [pw, pw],
      ],
    })
    .apply(x) as SymbolicTensor;
}

export interface ConvSpec {
  filters: number;
  kernel: Pair;
  stride?: Pair;
  /** PyTorch's symmetric padding; default none. */
  padding?: Pair;
  bias?: boolean;
  /** A depthwise convolution (groups = channels); `filters` must then equal the input channels. */
  depthwise?: boolean;
  name: string;
  init: Initializer;
}

/** A convolution with PyTorch's padding semantics: symmetric zero padding (tf's "same" only where identical). */
export function conv(x: SymbolicTensor, spec: ConvSpec): SymbolicTensor {
  const [kh, kw] = pair(spec.kernel);
  const [sh, sw] = pair(spec.stride ?? 1);
  const [ph, pw] = pair(spec.padding ?? 0);
  const same =
    sh === 1 &&
    sw === 1 &&
    kh % 2 === 1 &&
    kw % 2 === 1 &&
    ph === (kh - 1) / 2 &&
    pw === (kw - 1) / 2 &&
    (ph > 0 || pw > 0);
  const input = same ? x : zeroPad(x, [ph, pw]);
  const common = {
    kernelSize: [kh, kw] as [number, number],
    strides: [sh, sw] as [number, number],
    padding: same ? ("same" as const) : ("valid" as const),
    useBias: spec.bias ?? false,
    name: spec.name,
    biasInitializer: "zeros" as const,
  };
  if (spec.depthwise) {
    const channels = x.shape[3];
    if (channels !== spec.filters)
      throw new Error(
        `depthwise conv ${spec.name}: filters ${spec.filters} must equal input channels ${channels}`,
      );
    return tf.layers
      .depthwiseConv2d({ ...common, depthMultiplier: 1, depthwiseInitializer: spec.init })
      .apply(input) as SymbolicTensor;
  }
  return tf.layers
    .conv2d({ ...common, filters: spec.filters, kernelInitializer: spec.init })
    .apply(input) as SymbolicTensor;
}

/** "imagenet": torchvision's 7x7 stride-2 conv and 3x3 stride-2 max pool (ResNet, DenseNet); "cifar": one
 * 3x3 stride-1 conv that keeps 28-32 pixel inputs at full resolution. */
export type StemKind = "imagenet" | "cifar";

/** The conv-BN-ReLU stem of ResNet and DenseNet, with their own layer names. */
export function convStem(
  x: SymbolicTensor,
  kind: StemKind,
  filters: number,
  names: { conv: string; bn: string },
  init: Initializer,
): SymbolicTensor {
  const imagenet = kind === "imagenet";
  let y = conv(x, {
    filters,
    kernel: imagenet ? 7 : 3,
    stride: imagenet ? 2 : 1,
    padding: imagenet ? 3 : 1,
    name: names.conv,
    init,
  });
  y = activate(batchNorm(y, names.bn), "relu");
  return imagenet ? maxPool(y, 3, 2, 1) : y;
}

/** Batch normalization over channels; `torchMomentum` is PyTorch's (tf's momentum is 1 minus it). */
export function batchNorm(
  x: SymbolicTensor,
  name: string,
  epsilon = 1e-5,
  torchMomentum = 0.1,
): SymbolicTensor {
  return tf.layers
    .batchNormalization({ axis: -1, epsilon, momentum: 1 - torchMomentum, name })
    .apply(x) as SymbolicTensor;
}

/** Conv (no bias) + BatchNorm + activation: torchvision's Conv2dNormActivation / BasicConv2d. */
export function convBnAct(
  x: SymbolicTensor,
  spec: Omit<ConvSpec, "bias">,
  act: Activation,
  bnEps = 1e-5,
  bnMomentum = 0.1,
): SymbolicTensor {
  const y = conv(x, { ...spec, name: `${spec.name}.conv`, bias: false });
  return activate(batchNorm(y, `${spec.name}.bn`, bnEps, bnMomentum), act);
}

/** Max pooling with PyTorch's padding; zero padding equals PyTorch's -inf padding only on non-negative
 * inputs, which holds everywhere we pad (after a ReLU). */
export function maxPool(
  x: SymbolicTensor,
  kernel: number,
  stride: number,
  padding = 0,
): SymbolicTensor {
  return tf.layers
    .maxPooling2d({ poolSize: kernel, strides: stride, padding: "valid" })
    .apply(zeroPad(x, padding)) as SymbolicTensor;
}

/** Average pooling with PyTorch's default count_include_pad=True (padded zeros count in the mean). */
export function avgPool(
  x: SymbolicTensor,
  kernel: number,
  stride: number,
  padding = 0,
): SymbolicTensor {
  return tf.layers
    .averagePooling2d({ poolSize: kernel, strides: stride, padding: "valid" })
    .apply(zeroPad(x, padding)) as SymbolicTensor;
}

/** PyTorch's AdaptiveAvgPool2d((size, size)) where the input side is a multiple of `size` (exact there). */
export function adaptiveAvgPool(x: SymbolicTensor, size: number, where: string): SymbolicTensor {
  const [h, w] = [x.shape[1] as number, x.shape[2] as number];
  if (h === size && w === size) return x;
  if (h % size !== 0 || w % size !== 0 || h !== w) {
    throw new Error(
      `${where}: feature map ${h}x${w} cannot be pooled to ${size}x${size} (needs a square multiple of ${size}); change the input size or the pool size in the config`,
    );
  }
  return tf.layers
    .averagePooling2d({ poolSize: h / size, strides: h / size, padding: "valid" })
    .apply(x) as SymbolicTensor;
}

/** Global average pooling to [batch, channels]. */
export function globalAvgPool(x: SymbolicTensor): SymbolicTensor {
  return tf.layers.globalAveragePooling2d({}).apply(x) as SymbolicTensor;
}

/** A dense layer (on the last axis, so also per token or per pixel). */
export function dense(
  x: SymbolicTensor,
  units: number,
  name: string,
  init: Initializer,
  activation: "linear" | "relu" | "gelu" = "linear",
  bias: Initializer = tf.initializers.zeros(),
): SymbolicTensor {
  return tf.layers
    .dense({ units, activation, name, kernelInitializer: init, biasInitializer: bias })
    .apply(x) as SymbolicTensor;
}

/** A dense layer with PyTorch's default nn.Linear init: weights and biases uniform in ±1/sqrt(fan_in). */
export function torchLinear(
  x: SymbolicTensor,
  units: number,
  name: string,
  init: Init,
  activation: "linear" | "relu" = "linear",
): SymbolicTensor {
  const fanIn = x.shape[x.shape.length - 1] as number;
  return dense(x, units, name, init.torchDefault(), activation, init.uniform(1 / Math.sqrt(fanIn)));
}

/** Sums tensors of equal shape. */
export function add(...xs: SymbolicTensor[]): SymbolicTensor {
  return tf.layers.add({}).apply(xs) as SymbolicTensor;
}

/** Concatenates along channels. */
export function concat(xs: SymbolicTensor[]): SymbolicTensor {
  return tf.layers.concatenate({ axis: -1 }).apply(xs) as SymbolicTensor;
}

/** PyTorch's _make_divisible: rounds channels to a multiple of `divisor`, never below 90% of `v`. */
export function makeDivisible(v: number, divisor = 8, minValue = divisor): number {
  let newV = Math.max(minValue, Math.floor((v + divisor / 2) / divisor) * divisor);
  if (newV < 0.9 * v) newV += divisor;
  return newV;
}

/** A family's builder: one config in, one tfjs model out (first output: class logits). */
export type FamilyBuilder<C> = (
  config: C,
  ctx: BuildContext,
  inputShape: InputShape,
  numClasses: number,
) => tf.LayersModel;

/** The model input, named "input" so saved models read the same across families. */
export function modelInput(inputShape: InputShape): SymbolicTensor {
  return tf.input({ shape: inputShape, name: "input" });
}

/** Flattens [b, ...] to [b, features]. */
export function flatten(x: SymbolicTensor): SymbolicTensor {
  return tf.layers.flatten({}).apply(x) as SymbolicTensor;
}
