/** What is known of each architecture without building it (no TensorFlow): id, display name, family, year,
 * input size, and trainable parameters and multiply-accumulates per image at both scales. The counts are
 * those of the builders in this folder; test/models/facts.test.ts rebuilds every model and checks them,
 * and the paper-scale parameters equal torchvision's (data/reference/torchvision_param_counts.csv). */

import { InputError } from "../errors";

/** The paper's architectures in its figure's (chronological) order, by torchvision builder name. */
export const ARCHITECTURES = [
  "alexnet",
  "vgg19",
  "inception_v3",
  "resnet152",
  "densenet161",
  "mobilenet_v3_large",
  "efficientnet_v2_l",
  "vit_b_16",
  "convnext_large",
] as const;
export type ArchitectureId = (typeof ARCHITECTURES)[number];

export type Family =
  | "alexnet"
  | "vgg"
  | "inception"
  | "resnet"
  | "densenet"
  | "mobilenet"
  | "efficientnet"
  | "vit"
  | "convnext";
export type ModelScale = "paper" | "small";

/** [height, width, channels]. */
export type InputShape = [number, number, number];

/** The workshop-scale default input (CIFAR-sized; 28x28x1 works as well) and class counts. */
export const SMALL_INPUT: InputShape = [32, 32, 3];
export const SMALL_CLASSES = 10;
export const PAPER_CLASSES = 1000;

/** Size and cost of a model at one scale with its default config. */
export interface ScaleCost {
  /** Trainable parameters (BatchNorm moving statistics excluded). */
  params: number;
  /** Multiply-accumulates per image (torchvision's "GFLOPS" unit; FLOPs are twice this). */
  macs: number;
}

export interface ArchitectureFacts {
  id: ArchitectureId;
  /** As in data/reference/imagenot_figure1.csv. */
  displayName: string;
  family: Family;
  /** Year of the architecture's paper. */
  year: number;
  /** Input [height, width, channels] at paper scale. */
  paperInput: InputShape;
  /** At paper scale: paperInput, 1000 classes. */
  paper: ScaleCost;
  /** At workshop scale: SMALL_INPUT, SMALL_CLASSES. */
  small: ScaleCost;
}

const IMAGENET: InputShape = [224, 224, 3];

const FACTS: Record<ArchitectureId, ArchitectureFacts> = {
  alexnet: {
    id: "alexnet",
    displayName: "AlexNet",
    family: "alexnet",
    year: 2012,
    paperInput: IMAGENET,
    paper: { params: 61_100_840, macs: 714_188_480 },
    small: { params: 253_610, macs: 13_914_624 },
  },
  vgg19: {
    id: "vgg19",
    displayName: "VGG-19",
    family: "vgg",
    year: 2014,
    paperInput: IMAGENET,
    paper: { params: 143_667_240, macs: 19_632_062_464 },
    small: { params: 316_266, macs: 8_733_952 },
  },
  inception_v3: {
    id: "inception_v3",
    displayName: "Inception V3",
    family: "inception",
    year: 2015,
    paperInput: [299, 299, 3],
    paper: { params: 27_161_264, macs: 5_718_899_296 },
    small: { params: 346_334, macs: 12_079_792 },
  },
  resnet152: {
    id: "resnet152",
    displayName: "ResNet-152",
    family: "resnet",
    year: 2015,
    paperInput: IMAGENET,
    paper: { params: 60_192_808, macs: 11_513_626_624 },
    small: { params: 152_890, macs: 9_882_112 },
  },
  densenet161: {
    id: "densenet161",
    displayName: "DenseNet-161",
    family: "densenet",
    year: 2016,
    paperInput: IMAGENET,
    paper: { params: 28_681_000, macs: 7_727_907_072 },
    small: { params: 102_778, macs: 43_740_036 },
  },
  mobilenet_v3_large: {
    id: "mobilenet_v3_large",
    displayName: "MobileNet V3 Large",
    family: "mobilenet",
    year: 2019,
    paperInput: IMAGENET,
    paper: { params: 5_483_032, macs: 216_589_760 },
    small: { params: 293_026, macs: 8_102_144 },
  },
  efficientnet_v2_l: {
    id: "efficientnet_v2_l",
    displayName: "EfficientNet V2 Large",
    family: "efficientnet",
    year: 2021,
    paperInput: IMAGENET,
    paper: { params: 118_515_272, macs: 12_231_188_544 },
    small: { params: 369_978, macs: 33_250_816 },
  },
  vit_b_16: {
    id: "vit_b_16",
    displayName: "ViT-B/16",
    family: "vit",
    year: 2020,
    paperInput: IMAGENET,
    paper: { params: 86_567_656, macs: 17_563_828_224 },
    small: { params: 142_026, macs: 10_880_128 },
  },
  convnext_large: {
    id: "convnext_large",
    displayName: "ConvNeXt Large",
    family: "convnext",
    year: 2022,
    paperInput: IMAGENET,
    paper: { params: 197_767_336, macs: 34_361_433_600 },
    small: { params: 269_722, macs: 3_491_584 },
  },
};

/** True when `id` names one of the nine architectures. */
export function isArchitecture(id: string): id is ArchitectureId {
  return (ARCHITECTURES as readonly string[]).includes(id);
}

/** The facts of an architecture; an unknown id throws, naming the nine. */
export function architectureFacts(id: string): ArchitectureFacts {
  if (!isArchitecture(id)) {
    throw new InputError(
      `unknown architecture "${id}" (expected one of ${ARCHITECTURES.join(", ")})`,
    );
  }
  return FACTS[id];
}

/** The display name of an architecture id ("resnet152" -> "ResNet-152"). */
export function displayName(id: string): string {
  return architectureFacts(id).displayName;
}

/** One row of the zoo's listing (`imagenot-lab models --json`): paper scale at the top level. */
export interface CatalogRow extends ScaleCost {
  /** The torchvision builder name. */
  name: ArchitectureId;
  displayName: string;
  family: Family;
  year: number;
  /** FLOPs per image, 2 x macs. */
  flops: number;
  input: InputShape;
  classes: number;
  /** The workshop-scale default (SMALL_INPUT, SMALL_CLASSES). */
  small: ScaleCost & { flops: number; input: InputShape; classes: number };
}

/** Every architecture at paper scale (its paper input, 1000 classes) and at workshop scale. */
export function catalog(): CatalogRow[] {
  return ARCHITECTURES.map((id) => {
    const f = FACTS[id];
    return {
      name: id,
      displayName: f.displayName,
      family: f.family,
      year: f.year,
      ...f.paper,
      flops: 2 * f.paper.macs,
      input: f.paperInput,
      classes: PAPER_CLASSES,
      small: { ...f.small, flops: 2 * f.small.macs, input: SMALL_INPUT, classes: SMALL_CLASSES },
    };
  });
}
