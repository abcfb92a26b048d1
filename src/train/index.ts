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
export {
  parseRunRecord,
  readRunRecord,
  type EpochMetrics,
  type RunRecipe,
  type RunRecord,
} from "./run-record";
export {
  RECIPES,
  lrForBatch,
  recipe,
  recipeFor,
  recipes,
  type Recipe,
  type RecipeName,
  type RecipeSettings,
  type ReferenceRecipe,
} from "./recipes";
export { chanceInterval, learnedVerdict, type LearnedVerdict } from "./learned";
