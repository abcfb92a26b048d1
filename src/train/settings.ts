/** The trainer's settings without TensorFlow: optimizer and schedule names, the schedule spec and the
 * defaults, so that commands and notebooks can parse and show them without loading a backend. */

/** SGD, SGD with momentum, Adam and RMSprop (each with torch.optim's coupled L2 weight decay), and AdamW
 * (torch.optim.AdamW's decoupled decay). */
export const OPTIMIZERS = ["sgd", "momentum", "adam", "rmsprop", "adamw"] as const;
export type OptimizerName = (typeof OPTIMIZERS)[number];

/** Per-step learning-rate schedules after warm-up. */
export const SCHEDULES = ["constant", "cosine", "step"] as const;
export type ScheduleName = (typeof SCHEDULES)[number];

export interface ScheduleSpec {
  name: ScheduleName;
  /** Epochs of linear warm-up to `lr` (0 = none); may be fractional, it is counted in steps. */
  warmupEpochs?: number;
  /** "step": multiply by `gamma` every `stepEpochs` epochs (torch StepLR; 0.1 every 30 by default). */
  stepEpochs?: number;
  gamma?: number;
}

/** What train() uses for a setting its config leaves out. */
export const TRAIN_DEFAULTS = {
  scale: "small",
  epochs: 10,
  batchSize: 64,
  optimizer: "momentum",
  /** The base learning rate per optimizer. */
  lr: { sgd: 0.01, momentum: 0.01, adam: 0.001, rmsprop: 0.01, adamw: 0.001 },
  /** Momentum factor of "momentum" and "rmsprop". */
  momentum: 0.9,
  /** RMSprop's smoothing constant and epsilon as torchvision's references/classification/train.py sets
   * them (torch's own defaults are 0.99 and 1e-8), the values its MobileNetV3 recipe trained with. */
  rmsprop: { alpha: 0.9, epsilon: 0.0316 },
  /** Softmax cross-entropy against (1 - s) one-hot + s / classes, as torch's label_smoothing. */
  labelSmoothing: 0,
  weightDecay: 1e-4,
  lrSchedule: "cosine",
  seed: 0,
  dataSeed: 0,
  augment: true,
  /** Weight of the loss of auxiliary classifier outputs (Inception's), as in torchvision's recipe. */
  auxLossWeight: 0.4,
} as const satisfies {
  scale: "small" | "paper";
  optimizer: OptimizerName;
  lr: Record<OptimizerName, number>;
  lrSchedule: ScheduleName;
} & Record<string, unknown>;
