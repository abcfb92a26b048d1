/** The training recipe of each architecture family, as torchvision's references/classification trained it,
 * and the workshop-scale version our runs use: one named, sourced entry per family (no TensorFlow, so
 * commands and notebooks can list them). */
import { InputError } from "../errors";
import { architectureFacts, isArchitecture, type Family } from "../models/facts";
import type { OptimizerName, ScheduleSpec } from "./settings";

/** Recipes are named by the family they belong to. */
export const RECIPES = [
  "alexnet",
  "vgg",
  "inception",
  "resnet",
  "densenet",
  "mobilenet",
  "efficientnet",
  "vit",
  "convnext",
] as const satisfies readonly Family[];
export type RecipeName = (typeof RECIPES)[number];

/** Where torchvision documents its recipes: the README gives the commands, train.py the defaults. */
export const TORCHVISION_RECIPES_URL =
  "https://github.com/pytorch/vision/tree/main/references/classification";

/** The reference recipe as published, at ImageNet scale (total batch over all GPUs). */
export interface ReferenceRecipe {
  /** The torchvision model the command trained and the command's flags (README, or train.py defaults). */
  model: string;
  command: string;
  optimizer: string;
  lr: number;
  batchSize: number;
  epochs: number;
  schedule: string;
  weightDecay: number;
  labelSmoothing: number;
  augmentation: string;
}

/** Settings one training run takes from its recipe. */
export interface RecipeSettings {
  optimizer: OptimizerName;
  /** Learning rate at `batchSize`; another batch size scales it linearly (see lrForBatch). */
  lr: number;
  batchSize: number;
  momentum: number;
  weightDecay: number;
  lrSchedule: ScheduleSpec;
  labelSmoothing: number;
  /** Shift-and-flip (small images) or random resized crop (files), where the reference augments. */
  augment: boolean;
  /** Standardise inputs by the training split's channel statistics (torchvision's Normalize); optional
   * here because every recipe does: the trainer standardises whenever a recipe is in force. */
  normalize?: boolean;
}

export interface Recipe {
  name: RecipeName;
  reference: ReferenceRecipe;
  /** Our workshop-scale settings (28x28 images, a few thousand of them, a few epochs). */
  workshop: RecipeSettings;
  /** How the workshop settings follow from the reference, in a sentence or two. */
  scaledDown: string;
  /** The weight initialisation, which the model builder applies (as torchvision's module does). */
  initialisation: string;
}

/** The rule: the learning rate grows linearly with the batch (Goyal et al. 2017, as torchvision's README
 * asks when the number of GPUs or the batch size changes). */
export function lrForBatch(recipe: RecipeSettings, batchSize: number): number {
  return (recipe.lr * batchSize) / recipe.batchSize;
}

// torchvision's train.py defaults, which the AlexNet, VGG, ResNet, DenseNet and Inception entries use:
// SGD momentum 0.9, lr 0.1, batch 32 per GPU on 8 GPUs, 90 epochs, StepLR 30 / 0.1, weight decay 1e-4.
const DEFAULT_REFERENCE = {
  optimizer: "SGD, momentum 0.9",
  lr: 0.1,
  batchSize: 256,
  epochs: 90,
  schedule: "StepLR: x0.1 every 30 epochs",
  weightDecay: 1e-4,
  labelSmoothing: 0,
  augmentation: "RandomResizedCrop 224, horizontal flip",
};

// Few steps (hundreds, not hundreds of thousands): a step schedule at 30 epochs never fires, so the
// workshop runs decay by a cosine over the whole run, after a short warm-up where the reference has one.
const SHORT_RUN = "cosine over the run instead of a step decay at epoch 30";

// The train.py defaults at workshop scale: the reference rate 0.1 kept at batch 32 after a warm-up of
// 0.3 epochs. Scaled linearly (0.0125) a short run hardly moves: measured on MNIST, 800 images x 2
// epochs, ResNet-152 reached 0.550 at 0.1 with warm-up and 0.140 at 0.0125 (640 images).
const DEFAULT_SCALED: RecipeSettings = {
  optimizer: "momentum",
  lr: 0.1,
  batchSize: 32,
  momentum: 0.9,
  weightDecay: 1e-4,
  lrSchedule: { name: "cosine", warmupEpochs: 0.3 },
  labelSmoothing: 0,
  augment: true,
};

// AlexNet's and VGG's: SGD with momentum at twice their reference rate 0.01, at batch 16 (twice the steps of
// 32 for the same images); warm-up first. Measured on MNIST, 1000 images x 2 epochs (src/models: no dropout
// at workshop scale): AlexNet 0.453 at 0.01 and 0.723 at 0.02; VGG-19 0.773 at 0.01.
const PLAIN_SCALED: RecipeSettings = {
  ...DEFAULT_SCALED,
  lr: 0.02,
  batchSize: 16,
  lrSchedule: { name: "cosine", warmupEpochs: 0.2 },
};

const TABLE: Record<RecipeName, Recipe> = {
  alexnet: {
    name: "alexnet",
    reference: {
      ...DEFAULT_REFERENCE,
      model: "alexnet",
      command: "train.py --model alexnet --lr 1e-2",
      lr: 0.01,
    },
    workshop: PLAIN_SCALED,
    scaledDown: `SGD with momentum as the reference; batch 256 -> 16 at twice the reference rate, 0.02 (linear scaling would give 0.000625, far too slow for a few hundred steps); ${SHORT_RUN}; a short warm-up. Measured on MNIST, 1000 images x 2 epochs: 0.723 at 0.02, 0.453 at 0.01.`,
    initialisation:
      "torch's default (Kaiming uniform, a = sqrt(5)) at paper scale as torchvision's; Kaiming normal convolutions at workshop scale (src/models/alexnet.ts says why)",
  },
  vgg: {
    name: "vgg",
    reference: {
      ...DEFAULT_REFERENCE,
      model: "vgg19",
      command: "train.py --model vgg19 --lr 1e-2",
      lr: 0.01,
    },
    workshop: PLAIN_SCALED,
    scaledDown: `as AlexNet's: SGD with momentum at 0.02 (twice the reference rate) on batches of 16; ${SHORT_RUN}; a short warm-up. Measured on MNIST, 1000 images x 2 epochs: 0.773 at 0.01.`,
    initialisation:
      "Kaiming normal (fan out) convolutions, N(0, 0.01) linear layers as torchvision's VGG; N(0, 0.125) for the 128-unit workshop classifier (src/models/vgg.ts)",
  },
  inception: {
    name: "inception",
    reference: {
      ...DEFAULT_REFERENCE,
      model: "inception_v3",
      command:
        "train.py defaults (torchvision ports Inception v3's weights; its README gives no command)",
      augmentation: "RandomResizedCrop 299, horizontal flip",
    },
    workshop: { ...DEFAULT_SCALED, lr: 0.02 },
    scaledDown: `SGD with momentum at 0.02, between the reference rate 0.1 and its linear scaling 0.0125, at batch 32 after a 0.3-epoch warm-up (measured on 1000 images x 2 epochs, seed 0, MNIST / Fashion-MNIST: 0.347 / 0.500 at 0.05, 0.460 / 0.473 at 0.03, 0.653 / 0.550 at 0.02, 0.553 / 0.467 at 0.01; at 0.02 seeds 1 and 2 gave 0.527 and 0.477 on MNIST, 0.653 and 0.570 on Fashion-MNIST); in the full study, 2000 images x 6 epochs of Fashion-MNIST, seed 0: 0.739 at 0.02, 0.659 at 0.025, 0.751 at 0.03, 0.729 at batch 16 and 0.01, so neighbouring rates differ by more than the 0.011 that 0.02 misses the study's floor 0.75 by, and 0.03 drops a quick run below 0.5); ${SHORT_RUN}; auxiliary loss at weight 0.4 as torchvision's GoogLeNet/Inception training, where the model has the auxiliary head (not at workshop scale).`,
    initialisation:
      "truncated normal (stddev 0.1, 0.01 for the classifier), as torchvision's Inception3",
  },
  resnet: {
    name: "resnet",
    reference: {
      ...DEFAULT_REFERENCE,
      model: "resnet152",
      command:
        "train.py --model resnet152 (the defaults; README: ResNet 'default hyperparameters')",
    },
    workshop: DEFAULT_SCALED,
    scaledDown: `SGD with momentum at the reference rate 0.1, kept at batch 32 after a 0.3-epoch warm-up (linear scaling to 0.0125 leaves a short run near chance); ${SHORT_RUN}.`,
    initialisation:
      "Kaiming normal (fan out) convolutions, BatchNorm weight 1 and bias 0, as torchvision's ResNet",
  },
  densenet: {
    name: "densenet",
    reference: {
      ...DEFAULT_REFERENCE,
      model: "densenet161",
      command: "train.py --model densenet161 (the defaults)",
    },
    workshop: DEFAULT_SCALED,
    scaledDown: `SGD with momentum at the reference rate 0.1, kept at batch 32 after a 0.3-epoch warm-up (linear scaling to 0.0125 leaves a short run near chance); ${SHORT_RUN}.`,
    initialisation:
      "Kaiming normal (fan in) convolutions, zero linear bias, as torchvision's DenseNet",
  },
  mobilenet: {
    name: "mobilenet",
    reference: {
      model: "mobilenet_v3_large",
      command:
        "train.py --opt rmsprop --auto-augment imagenet --random-erase 0.2 --lr 0.064 --epochs 600 --lr-step-size 2 --lr-gamma 0.973 --wd 0.00001 --batch-size 128 (8 GPUs)",
      optimizer: "RMSprop, momentum 0.9, alpha 0.9, eps 0.0316",
      lr: 0.064,
      batchSize: 1024,
      epochs: 600,
      schedule: "StepLR: x0.973 every 2 epochs",
      weightDecay: 1e-5,
      labelSmoothing: 0,
      augmentation: "RandomResizedCrop, flip, AutoAugment (ImageNet policy), random erasing 0.2",
    },
    workshop: {
      optimizer: "rmsprop",
      lr: 0.016,
      batchSize: 32,
      momentum: 0.9,
      weightDecay: 1e-5,
      lrSchedule: { name: "cosine", warmupEpochs: 0.3 },
      labelSmoothing: 0,
      augment: true,
    },
    scaledDown: `RMSprop with torchvision's alpha and eps; lr 0.064 at batch 1024 would scale linearly to 0.002 at 32, where a short run stays at chance (measured: MNIST 800 x 2 epochs, train loss 2.26, test 0.112), so 0.016 (a quarter of the reference rate) after a 0.3-epoch warm-up (train loss 1.56; test accuracy still 0.130, the BatchNorm running statistics lag after 50 steps); ${SHORT_RUN}; no AutoAugment or random erasing (we have neither). In the full study, 2000 images x 6 epochs of Fashion-MNIST, seed 0: 0.735 at 0.016, 0.759 at 0.008, 0.768 at 0.012, 0.628 at 0.03; the lower rates lift it above the floor 0.75 but drop the quick run on Fashion-MNIST below 0.5 (0.440 at 0.008, 0.483 at 0.012; 0.570 at 0.016), so the rate stays.`,
    initialisation:
      "Kaiming normal (fan out) convolutions, N(0, 0.01) linear layers, as torchvision's MobileNetV3",
  },
  efficientnet: {
    name: "efficientnet",
    reference: {
      model: "efficientnet_b0..b7 (weights ported from TensorFlow)",
      command:
        "none in torchvision for B0-B7 (ported weights); the original TPU recipe (Tan & Le 2019): RMSprop decay 0.9, momentum 0.9, eps 0.001, lr 0.256 at batch 4096, x0.97 every 2.4 epochs, wd 1e-5",
      optimizer: "RMSprop, momentum 0.9, alpha 0.9",
      lr: 0.256,
      batchSize: 4096,
      epochs: 350,
      schedule: "exponential: x0.97 every 2.4 epochs, 5 warm-up epochs",
      weightDecay: 1e-5,
      labelSmoothing: 0.1,
      augmentation: "AutoAugment, stochastic depth",
    },
    workshop: {
      optimizer: "rmsprop",
      lr: 0.002,
      batchSize: 32,
      momentum: 0.9,
      weightDecay: 1e-5,
      lrSchedule: { name: "cosine", warmupEpochs: 0.1 },
      labelSmoothing: 0.1,
      augment: true,
    },
    scaledDown: `RMSprop (torchvision's alpha 0.9, eps 0.0316); lr 0.256 at batch 4096 scaled linearly to 0.002 at 32; ${SHORT_RUN} after a short warm-up; label smoothing 0.1 kept; no AutoAugment.`,
    initialisation:
      "Kaiming normal (fan out) convolutions, uniform linear layers, as torchvision's EfficientNet",
  },
  vit: {
    name: "vit",
    reference: {
      model: "vit_b_16",
      command:
        "train.py --model vit_b_16 --epochs 300 --batch-size 512 --opt adamw --lr 0.003 --wd 0.3 --lr-scheduler cosineannealinglr --lr-warmup-method linear --lr-warmup-epochs 30 --lr-warmup-decay 0.033 --label-smoothing 0.11 --mixup-alpha 0.2 --auto-augment ra --clip-grad-norm 1 --ra-sampler --cutmix-alpha 1.0 --model-ema (8 nodes x 8 GPUs)",
      optimizer: "AdamW",
      lr: 0.003,
      batchSize: 4096,
      epochs: 300,
      schedule: "cosine after 30 epochs of linear warm-up",
      weightDecay: 0.3,
      labelSmoothing: 0.11,
      augmentation: "RandomResizedCrop, flip, RandAugment, mixup 0.2, cutmix 1.0",
    },
    workshop: {
      optimizer: "adamw",
      lr: 0.001,
      batchSize: 32,
      momentum: 0.9,
      weightDecay: 0.3,
      lrSchedule: { name: "cosine", warmupEpochs: 0.2 },
      labelSmoothing: 0.11,
      augment: true,
    },
    scaledDown: `AdamW with the reference's weight decay and label smoothing; lr 0.003 at batch 4096 would scale linearly to 2.3e-5 at 32, far too slow for a few hundred steps, so the rate is 0.001 (Adam's usual rate, what a short run needs); warm-up a tenth of the run as the reference's 30 of 300 epochs, then cosine; no mixup, cutmix, RandAugment or EMA. At workshop scale this family does not learn in the quick study's 62 steps: measured on MNIST, 1000 images, seed 0, test accuracy 0.227 after 2 epochs at 0.001 and 0.267 at 0.003; 0.400 after 4 epochs and 0.430 after 7 (the reference's 300 epochs against 90 for ResNet) at 0.003, and 0.340 after 2 epochs at 0.003 without augmentation, label smoothing and weight decay. PyTorch's torchvision ViT with the same recipe stays at 0.21-0.23 after 2 epochs (npm run bench -- learning), so it is the family, not our engine: transformers without convolution's locality need more steps.`,
    initialisation:
      "truncated normal patch embedding, N(0, 0.02) positions, Xavier uniform MLPs, zero head, as torchvision's VisionTransformer",
  },
  convnext: {
    name: "convnext",
    reference: {
      model: "convnext_large",
      command:
        "train.py --model convnext_large --batch-size 128 --opt adamw --lr 1e-3 --lr-scheduler cosineannealinglr --lr-warmup-epochs 5 --lr-warmup-method linear --auto-augment ta_wide --epochs 600 --random-erase 0.1 --label-smoothing 0.1 --mixup-alpha 0.2 --cutmix-alpha 1.0 --weight-decay 0.05 --norm-weight-decay 0.0 --train-crop-size 176 --model-ema --val-resize-size 232 --ra-sampler --ra-reps 4 (8 GPUs)",
      optimizer: "AdamW",
      lr: 0.001,
      batchSize: 1024,
      epochs: 600,
      schedule: "cosine after 5 epochs of linear warm-up",
      weightDecay: 0.05,
      labelSmoothing: 0.1,
      augmentation:
        "RandomResizedCrop 176, flip, TrivialAugment, random erasing 0.1, mixup 0.2, cutmix 1.0",
    },
    workshop: {
      optimizer: "adamw",
      lr: 0.001,
      batchSize: 32,
      momentum: 0.9,
      weightDecay: 0.05,
      lrSchedule: { name: "cosine", warmupEpochs: 0.1 },
      labelSmoothing: 0.1,
      augment: true,
    },
    scaledDown: `AdamW with the reference's weight decay and label smoothing; lr 0.001 kept at batch 32 (linear scaling would give 3e-5, too slow for a few hundred steps); a short warm-up then cosine; no mixup, cutmix, TrivialAugment or EMA.`,
    initialisation:
      "truncated normal (stddev 0.02) convolutions and linear layers, as torchvision's ConvNeXt",
  },
};

/** The recipe named `name`; an unknown name throws InputError listing the recipes. */
export function recipe(name: string): Recipe {
  if (!(RECIPES as readonly string[]).includes(name))
    throw new InputError(`unknown recipe "${name}" (expected one of ${RECIPES.join(", ")})`);
  return TABLE[name as RecipeName];
}

/** Every recipe, in the order of the paper's architectures. */
export function recipes(): Recipe[] {
  return RECIPES.map((n) => TABLE[n]);
}

/** The recipe of an architecture's family (e.g. "resnet" for resnet152); undefined for an unknown id. */
export function recipeFor(arch: string): RecipeName | undefined {
  return isArchitecture(arch) ? architectureFacts(arch).family : undefined;
}
