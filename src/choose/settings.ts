/** How `choose` trains and measures, by default and in a quick run (a notebook in CI, a test). Plain data,
 * shared by the command, the notebook and the report's "settings to reproduce". */

/** Architectures compared when none are named: cheap to dear, old to new, spanning the benchmark ranking. */
export const DEFAULT_CANDIDATES = [
  "alexnet",
  "resnet152",
  "mobilenet_v3_large",
  "vit_b_16",
  "convnext_large",
] as const;

export interface ChooseTraining {
  /** Fine-tuning epochs on your data (the from-scratch baseline trains as long). */
  epochs: number;
  /** Pretraining on the other dataset: epochs and how many of its images. */
  pretrainEpochs: number;
  pretrainLimitTrain: number;
  pretrainLimitTest: number;
  /** Square side your images are read at: workshop scale. */
  imageSize: number;
  batchSize: number;
  /** Adam's learning rate for the head (and from scratch); the backbone's when fine-tuning. */
  lr: number;
  backboneLr: number;
  /** Random resized crops and flips of your images while fine-tuning: off by default, since at 32x32
   * pixels and a few epochs they cost more accuracy than they bring. */
  augment: boolean;
}

export const CHOOSE_DEFAULTS: ChooseTraining = {
  epochs: 5,
  pretrainEpochs: 2,
  pretrainLimitTrain: 2000,
  pretrainLimitTest: 500,
  imageSize: 32,
  batchSize: 16,
  lr: 0.001,
  backboneLr: 0.0005,
  augment: false,
};

/** Seconds, not minutes, per candidate on a shared 2-core machine. */
export const CHOOSE_QUICK: ChooseTraining = {
  ...CHOOSE_DEFAULTS,
  epochs: 2,
  pretrainEpochs: 1,
  pretrainLimitTrain: 320,
  pretrainLimitTest: 100,
};
