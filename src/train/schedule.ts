/** Learning-rate schedules, per step: linear warm-up, then constant, cosine decay to zero, or step decay. */

import { SCHEDULES, type ScheduleSpec } from "./settings";

/** The learning rate at 0-based optimizer step `step` of a run of `epochs` epochs of `stepsPerEpoch` steps.
 * Warm-up ramps linearly as lr*(step+1)/warmupSteps; cosine then follows torch's CosineAnnealingLR (eta_min 0)
 * over the steps after warm-up; step decays by whole epochs counted from the start of training. */
export function learningRateAt(
  lr: number,
  spec: ScheduleSpec,
  step: number,
  stepsPerEpoch: number,
  epochs: number,
): number {
  const warmup = Math.round((spec.warmupEpochs ?? 0) * stepsPerEpoch);
  if (step < warmup) return (lr * (step + 1)) / warmup;
  switch (spec.name) {
    case "constant":
      return lr;
    case "cosine": {
      const span = Math.max(1, epochs * stepsPerEpoch - warmup);
      return (lr * (1 + Math.cos((Math.PI * (step - warmup)) / span))) / 2;
    }
    case "step": {
      const epoch = Math.floor(step / stepsPerEpoch);
      return lr * Math.pow(spec.gamma ?? 0.1, Math.floor(epoch / (spec.stepEpochs ?? 30)));
    }
    default:
      throw new RangeError(
        `lrSchedule must be one of ${SCHEDULES.join(", ")}, got "${(spec as ScheduleSpec).name}"`,
      );
  }
}
