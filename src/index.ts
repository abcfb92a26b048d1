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
export {
  BACKEND_CHOICES,
  selectBackend,
  XnnpackError,
  type BackendChoice,
  type BackendInfo,
} from "./engine";

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
  TrainingStopped,
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

// grid: a study as a grid of runs, on this machine or on Slurm
export {
  RUN_STATES,
  STOPPED_EXIT_CODE,
  gridCsv,
  gridRows,
  gridStatus,
  gridWideCsv,
  isComplete,
  PAPER_SCALE_OPTIONS,
  paperStudyGrid,
  planGrid,
  readGridPlan,
  runGridLocal,
  slurmCluster,
  slurmScript,
  statusTable,
  submitGrid,
  writeGridPlan,
  type GridPlan,
  type GridRow,
  type GridRun,
  type GridSpec,
  type LocalOptions,
  type LocalRun,
  type RunState,
  type RunStatus,
  type SlurmOptions,
  type Submission,
} from "./grid";

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

// choose: from the study to a decision on your own images
export {
  COST_AXES,
  INTERVAL_METHODS,
  accuracyInterval,
  benchmarkStanding,
  clopperPearsonInterval,
  decide,
  paretoFront,
  rankingHeld,
  recommend,
  wilsonInterval,
  withinBestInterval,
  type BenchmarkStanding,
  type CandidateRow,
  type CostAxis,
  type Decision,
  type DecisionOptions,
  type IntervalMethod,
  type MeasuredCandidate,
  type Recommendation,
} from "./choose";
export {
  CHOOSE_DEFAULTS,
  CHOOSE_QUICK,
  DEFAULT_CANDIDATES,
  type ChooseTraining,
} from "./choose/settings";
export { writeExampleFolder, type ExampleFolderOptions } from "./choose/example-folder";
export { measureCandidates, type MeasureConfig, type Measurements } from "./choose/measure";
export {
  inferenceSpeed,
  inferenceSpeeds,
  type InferenceSpeed,
  type SpeedOptions,
} from "./choose/speed";

// study: the study's steps, told once for the report and the notebooks
export {
  STUDY_DATASETS,
  STUDY_SIZES,
  paperRankings,
  rankRuns,
  readStudyRuns,
  studyPlan,
  studyRun,
  studyRunsFolder,
  trainStudy,
  trainStudyOnGrid,
  type PaperRankings,
  type RankStatistics,
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
