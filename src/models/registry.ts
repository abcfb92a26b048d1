/** The nine ImageNot architectures by torchvision builder name: their facts, their paper-scale and
 * workshop-scale configs, and `buildModel`, the one entry point the trainer and notebooks use. */
import * as tf from "@tensorflow/tfjs";
import { Init, type BuildContext, type FamilyBuilder, type InitMode } from "./builder-kit";
import {
  architectureFacts,
  PAPER_CLASSES,
  SMALL_CLASSES,
  SMALL_INPUT,
  type ArchitectureFacts,
  type ArchitectureId,
  type InputShape,
  type ModelScale,
} from "./facts";
import { ALEXNET_PAPER, ALEXNET_SMALL, buildAlexNet } from "./alexnet";
import { VGG19_PAPER, VGG_SMALL, buildVgg } from "./vgg";
import { INCEPTION_V3_PAPER, INCEPTION_SMALL, buildInception } from "./inception";
import { RESNET152_PAPER, RESNET_SMALL, buildResNet } from "./resnet";
import { DENSENET161_PAPER, DENSENET_SMALL, buildDenseNet } from "./densenet";
import { MOBILENET_V3_LARGE_PAPER, MOBILENET_SMALL, buildMobileNetV3 } from "./mobilenet";
import { EFFICIENTNET_V2_L_PAPER, EFFICIENTNET_SMALL, buildEfficientNetV2 } from "./efficientnet";
import { VIT_B_16_PAPER, VIT_SMALL, buildVit } from "./vit";
import { CONVNEXT_LARGE_PAPER, CONVNEXT_SMALL, buildConvNext } from "./convnext";

interface Entry<C> {
  facts: ArchitectureFacts;
  build: FamilyBuilder<C>;
  configs: Record<ModelScale, C>;
}

const entry = <C>(
  facts: ArchitectureFacts,
  build: FamilyBuilder<C>,
  paper: C,
  small: C,
): Entry<C> => ({ facts, build, configs: { paper, small } });

// Each entry is type-checked against its own config type; the table then erases it to unknown.
const ENTRIES: Record<ArchitectureId, Entry<unknown>> = {
  alexnet: entry(
    architectureFacts("alexnet"),
    buildAlexNet,
    ALEXNET_PAPER,
    ALEXNET_SMALL,
  ) as Entry<unknown>,
  vgg19: entry(architectureFacts("vgg19"), buildVgg, VGG19_PAPER, VGG_SMALL) as Entry<unknown>,
  inception_v3: entry(
    architectureFacts("inception_v3"),
    buildInception,
    INCEPTION_V3_PAPER,
    INCEPTION_SMALL,
  ) as Entry<unknown>,
  resnet152: entry(
    architectureFacts("resnet152"),
    buildResNet,
    RESNET152_PAPER,
    RESNET_SMALL,
  ) as Entry<unknown>,
  densenet161: entry(
    architectureFacts("densenet161"),
    buildDenseNet,
    DENSENET161_PAPER,
    DENSENET_SMALL,
  ) as Entry<unknown>,
  mobilenet_v3_large: entry(
    architectureFacts("mobilenet_v3_large"),
    buildMobileNetV3,
    MOBILENET_V3_LARGE_PAPER,
    MOBILENET_SMALL,
  ) as Entry<unknown>,
  efficientnet_v2_l: entry(
    architectureFacts("efficientnet_v2_l"),
    buildEfficientNetV2,
    EFFICIENTNET_V2_L_PAPER,
    EFFICIENTNET_SMALL,
  ) as Entry<unknown>,
  vit_b_16: entry(
    architectureFacts("vit_b_16"),
    buildVit,
    VIT_B_16_PAPER,
    VIT_SMALL,
  ) as Entry<unknown>,
  convnext_large: entry(
    architectureFacts("convnext_large"),
    buildConvNext,
    CONVNEXT_LARGE_PAPER,
    CONVNEXT_SMALL,
  ) as Entry<unknown>,
};

function lookup(id: string): Entry<unknown> {
  return ENTRIES[architectureFacts(id).id];
}

/** The default config of an architecture at a scale (a copy, safe to edit). */
export function defaultConfig(id: string, scale: ModelScale): Record<string, unknown> {
  return structuredClone(lookup(id).configs[scale]) as Record<string, unknown>;
}

export interface BuildOptions {
  scale: ModelScale;
  /** [height, width, channels]; default the paper's input at paper scale, 32x32x3 at workshop scale. */
  inputShape?: InputShape;
  /** Default 1000 at paper scale, 10 at workshop scale. */
  numClasses?: number;
  /** Seeds every initializer and every dropout/stochastic-depth stream; default 0. */
  seed?: number;
  /** Overrides of the scale's default config, key by key (see each family's Config type). */
  config?: Record<string, unknown>;
  /** "zeros" skips the random draws: for counting, or before loading saved weights. Default "random". */
  init?: InitMode;
}

/** Builds an architecture; the model's first (or only) output is the class logits (no softmax). */
export function buildModel(id: string, options: BuildOptions): tf.LayersModel {
  const e = lookup(id);
  if (options.scale !== "paper" && options.scale !== "small")
    throw new Error(
      `buildModel ${id}: scale must be "paper" or "small", got "${String(options.scale)}"`,
    );
  const base = e.configs[options.scale] as Record<string, unknown>;
  for (const key of Object.keys(options.config ?? {})) {
    if (!(key in base))
      throw new Error(
        `buildModel ${id}: unknown config key "${key}" (expected one of ${Object.keys(base).join(", ")})`,
      );
  }
  const config = { ...structuredClone(base), ...(options.config ?? {}) };
  const inputShape =
    options.inputShape ?? (options.scale === "paper" ? e.facts.paperInput : SMALL_INPUT);
  if (inputShape.length !== 3 || !inputShape.every((d) => Number.isInteger(d) && d > 0))
    throw new Error(
      `buildModel ${id}: inputShape must be [height, width, channels] of positive integers, got ${JSON.stringify(inputShape)}`,
    );
  const numClasses =
    options.numClasses ?? (options.scale === "paper" ? PAPER_CLASSES : SMALL_CLASSES);
  if (!Number.isInteger(numClasses) || numClasses < 1)
    throw new Error(`buildModel ${id}: numClasses must be a positive integer, got ${numClasses}`);
  const ctx: BuildContext = { init: new Init(options.seed ?? 0, options.init ?? "random") };
  return e.build(config, ctx, [...inputShape], numClasses);
}

/** Trainable parameters of a model (BatchNorm moving statistics excluded). */
export function trainableParams(model: tf.LayersModel): number {
  return model.trainableWeights.reduce(
    (n, w) => n + w.shape.reduce((a: number, b) => a * (b as number), 1),
    0,
  );
}
