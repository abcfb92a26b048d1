/** Training: the trainer, its settings and the run record it writes. */
export {
  train,
  TrainingStopped,
  type FineTune,
  type StepProgress,
  type TrainConfig,
} from "./trainer";
export {
  OPTIMIZERS,
  SCHEDULES,
  TRAIN_DEFAULTS,
  type OptimizerName,
  type ScheduleName,
  type ScheduleSpec,
} from "./settings";
export { parseRunRecord, readRunRecord, type EpochMetrics, type RunRecord } from "./run-record";
