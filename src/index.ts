/** imagenot-lab's public API: what a notebook, a test or a script imports from "imagenot-lab", grouped by
 * folder. Anything not listed here is internal. */

// errors
export { InputError, WorkError } from "./errors";

// data: image sources, splits and batches
export {
  DATASET_SPECS,
  batches,
  formatProblems,
  openDataset,
  type DataProblem,
  type OpenOptions,
  type OpenedDataset,
  type StreamBatch,
  type StreamOptions,
} from "./data";
export type { Batch, BatchOptions, Dataset, ImageShape, LabeledImages } from "./data/dataset";

// wordnet
export {
  ENTITY,
  WordNet,
  classHierarchy,
  lexnameOf,
  loadWordNet,
  withoutTrunk,
  type Hierarchy,
  type Synset,
} from "./wordnet";

// compare: vocabularies, images, near-duplicates
export {
  channelRows,
  classCountRows,
  classRows,
  compareClasses,
  compareImages,
  comparisonRows,
  depthRows,
  imageStats,
  lexnameRows,
  nearDuplicates,
  pairGrid,
  sampleGrid,
  sizeRows,
  type ClassComparison,
  type DuplicatePair,
  type ImageStats,
} from "./compare";

// models: facts without TensorFlow, the builder
export {
  ARCHITECTURES,
  architectureFacts,
  buildModel,
  catalog,
  displayName,
  loadModel,
  loadTorchvisionState,
  macsPerExample,
  saveModel,
  trainableParams,
  type ArchitectureFacts,
  type ArchitectureId,
  type BuildOptions,
  type CatalogRow,
  type Family,
  type InputShape,
  type ModelScale,
} from "./models";

// engine: the backend
export { BACKEND_CHOICES, selectBackend, type BackendChoice, type BackendInfo } from "./engine";

// train
export {
  OPTIMIZERS,
  RECIPES,
  SCHEDULES,
  TRAIN_DEFAULTS,
  chanceInterval,
  learnedVerdict,
  lrForBatch,
  readRunRecord,
  recipe,
  recipeFor,
  recipes,
  train,
  type EpochMetrics,
  type FineTune,
  type LearnedVerdict,
  type OptimizerName,
  type Recipe,
  type RecipeName,
  type RunRecipe,
  type RunRecord,
  type ScheduleName,
  type StepProgress,
  type TrainConfig,
} from "./train";

// analysis: rank statistics, fits, improvement, bootstrap
export {
  SCALES,
  binomialQuantile,
  bootstrapExamples,
  bootstrapPairedStatistics,
  bootstrapRows,
  improvementOverBaseline,
  improvementOverPrevious,
  kendallTauB,
  linearFit,
  pairwiseAgreement,
  pearson,
  percentileInterval,
  ranks,
  spearman,
  topKOverlap,
  type BootstrapInterval,
  type BootstrapOptions,
  type LinearFit,
  type PairedStatistics,
  type Scale,
} from "./analysis";

// results: reference tables and run records as one table
export {
  REFERENCE_DIR,
  figure1Results,
  loadClassList,
  loadFigure1,
  loadParamCounts,
  loadTestbed,
  pairByModel,
  pivot,
  resultsDataFrame,
  resultsTable,
  runResults,
  testbedResults,
  type PairedResults,
  type Provenance,
  type ResultRow,
} from "./results";

// study: the study's steps, told once for the report and the notebooks
export {
  STUDY_DATASETS,
  STUDY_SIZES,
  inProcess,
  paperRankings,
  rankRuns,
  readStudyRuns,
  studyPlan,
  studyRun,
  studyRunsFolder,
  trainStudy,
  type PaperRankings,
  type RankStatistics,
  type RunExecutor,
  type RunRanking,
  type RunSpec,
  type StudyPlanOptions,
  type StudyRun,
  type StudySize,
} from "./study";

// util
export { Rng, type RngState } from "./util/rng";
export { parseCsv, readCsv, type CsvTable } from "./util/csv";
export { toDataFrame } from "./util/dataframe";
export { packageVersion, softwareVersions } from "./util/versions";
