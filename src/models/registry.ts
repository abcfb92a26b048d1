/** The nine ImageNot architectures by torchvision builder name: their facts, their paper-scale and
 * workshop-scale configs, and `buildModel`, the one entry point the trainer and notebooks use. */
import * as tf from "@tensorflow/tfjs";
import { Init, type BuildContext, type FamilyBuilder, type InitMode, type InputShape } from "./builder-kit";
import { ALEXNET_PAPER, ALEXNET_SMALL, buildAlexNet } from "./alexnet";
import { VGG19_PAPER, VGG_SMALL, buildVgg } from "./vgg";
import { INCEPTION_V3_PAPER, INCEPTION_SMALL, buildInception } from "./inception";
import { RESNET152_PAPER, RESNET_SMALL, buildResNet } from "./resnet";
import { DENSENET161_PAPER, DENSENET_SMALL, buildDenseNet } from "./densenet";
import { MOBILENET_V3_LARGE_PAPER, MOBILENET_SMALL, buildMobileNetV3 } from "./mobilenet";
import { EFFICIENTNET_V2_L_PAPER, EFFICIENTNET_SMALL, buildEfficientNetV2 } from "./efficientnet";
import { VIT_B_16_PAPER, VIT_SMALL, buildVit } from "./vit";
import { CONVNEXT_LARGE_PAPER, CONVNEXT_SMALL, buildConvNext } from "./convnext";

/** The paper's architectures in its figure's (chronological) order. */
export const ARCHITECTURES = ["alexnet", "vgg19", "inception_v3", "resnet152", "densenet161", "mobilenet_v3_large", "efficientnet_v2_l", "vit_b_16", "convnext_large"] as const;
export type ArchitectureId = (typeof ARCHITECTURES)[number];

export type Family = "alexnet" | "vgg" | "inception" | "resnet" | "densenet" | "mobilenet" | "efficientnet" | "vit" | "convnext";
export type ModelScale = "paper" | "small";

export interface ArchitectureFacts {
  id: ArchitectureId;
  /** As in data/reference/imagenot_figure1.csv. */
  displayName: string;
  family: Family;
  /** Year of the architecture's paper. */
  year: number;
  /** Input [height, width, channels] at paper scale. */
  paperInput: InputShape;
}

/** The workshop-scale default input (CIFAR-sized; 28x28x1 works as well). */
export const SMALL_INPUT: InputShape = [32, 32, 3];
export const SMALL_CLASSES = 10;
export const PAPER_CLASSES = 1000;

interface Entry<C> {
  facts: ArchitectureFacts;
  build: FamilyBuilder<C>;
  configs: Record<ModelScale, C>;
}

const entry = <C>(facts: ArchitectureFacts, build: FamilyBuilder<C>, paper: C, small: C): Entry<C> => ({ facts, build, configs: { paper, small } });
const IMAGENET: InputShape = [224, 224, 3];

// Each entry is type-checked against its own config type; the table then erases it to unknown.
const ENTRIES: Record<ArchitectureId, Entry<unknown>> = {
  alexnet: entry({ id: "alexnet", displayName: "AlexNet", family: "alexnet", year: 2012, paperInput: IMAGENET }, buildAlexNet, ALEXNET_PAPER, ALEXNET_SMALL) as Entry<unknown>,
  vgg19: entry({ id: "vgg19", displayName: "VGG-19", family: "vgg", year: 2014, paperInput: IMAGENET }, buildVgg, VGG19_PAPER, VGG_SMALL) as Entry<unknown>,
  inception_v3: entry({ id: "inception_v3", displayName: "Inception V3", family: "inception", year: 2015, paperInput: [299, 299, 3] }, buildInception, INCEPTION_V3_PAPER, INCEPTION_SMALL) as Entry<unknown>,
  resnet152: entry({ id: "resnet152", displayName: "ResNet-152", family: "resnet", year: 2015, paperInput: IMAGENET }, buildResNet, RESNET152_PAPER, RESNET_SMALL) as Entry<unknown>,
  densenet161: entry({ id: "densenet161", displayName: "DenseNet-161", family: "densenet", year: 2016, paperInput: IMAGENET }, buildDenseNet, DENSENET161_PAPER, DENSENET_SMALL) as Entry<unknown>,
  mobilenet_v3_large: entry({ id: "mobilenet_v3_large", displayName: "MobileNet V3 Large", family: "mobilenet", year: 2019, paperInput: IMAGENET }, buildMobileNetV3, MOBILENET_V3_LARGE_PAPER, MOBILENET_SMALL) as Entry<unknown>,
  efficientnet_v2_l: entry({ id: "efficientnet_v2_l", displayName: "EfficientNet V2 Large", family: "efficientnet", year: 2021, paperInput: IMAGENET }, buildEfficientNetV2, EFFICIENTNET_V2_L_PAPER, EFFICIENTNET_SMALL) as Entry<unknown>,
  vit_b_16: entry({ id: "vit_b_16", displayName: "ViT-B/16", family: "vit", year: 2020, paperInput: IMAGENET }, buildVit, VIT_B_16_PAPER, VIT_SMALL) as Entry<unknown>,
  convnext_large: entry({ id: "convnext_large", displayName: "ConvNeXt Large", family: "convnext", year: 2022, paperInput: IMAGENET }, buildConvNext, CONVNEXT_LARGE_PAPER, CONVNEXT_SMALL) as Entry<unknown>,
};

function lookup(id: string): Entry<unknown> {
  if (!(ARCHITECTURES as readonly string[]).includes(id)) throw new Error(`unknown architecture "${id}" (expected one of ${ARCHITECTURES.join(", ")})`);
  return ENTRIES[id as ArchitectureId];
}

/** The facts of an architecture: display name, family, year, paper input size. */
export function architectureFacts(id: string): ArchitectureFacts {
  return lookup(id).facts;
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
  if (options.scale !== "paper" && options.scale !== "small") throw new Error(`buildModel ${id}: scale must be "paper" or "small", got "${String(options.scale)}"`);
  const base = e.configs[options.scale] as Record<string, unknown>;
  for (const key of Object.keys(options.config ?? {})) {
    if (!(key in base)) throw new Error(`buildModel ${id}: unknown config key "${key}" (expected one of ${Object.keys(base).join(", ")})`);
  }
  const config = { ...structuredClone(base), ...(options.config ?? {}) };
  const inputShape = options.inputShape ?? (options.scale === "paper" ? e.facts.paperInput : SMALL_INPUT);
  if (inputShape.length !== 3 || !inputShape.every((d) => Number.isInteger(d) && d > 0)) throw new Error(`buildModel ${id}: inputShape must be [height, width, channels] of positive integers, got ${JSON.stringify(inputShape)}`);
  const numClasses = options.numClasses ?? (options.scale === "paper" ? PAPER_CLASSES : SMALL_CLASSES);
  if (!Number.isInteger(numClasses) || numClasses < 1) throw new Error(`buildModel ${id}: numClasses must be a positive integer, got ${numClasses}`);
  const ctx: BuildContext = { init: new Init(options.seed ?? 0, options.init ?? "random") };
  return e.build(config, ctx, [...inputShape], numClasses);
}

/** Trainable parameters of a model (BatchNorm moving statistics excluded). */
export function trainableParams(model: tf.LayersModel): number {
  return model.trainableWeights.reduce((n, w) => n + w.shape.reduce((a: number, b) => a * (b as number), 1), 0);
}
