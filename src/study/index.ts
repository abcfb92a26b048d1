/** The study's steps as functions, called alike by the reproduce report and the notebooks. */
export { paperRankings, type PaperRankings } from "./paper";
export {
  STUDY_DATASETS,
  STUDY_SIZES,
  studyPlan,
  studyRunsFolder,
  type RunSpec,
  type StudyPlanOptions,
  type StudySize,
} from "./plan";
export {
  rankRuns,
  readStudyRuns,
  studyRun,
  type RankRunsOptions,
  type RankStatistics,
  type RunRanking,
  type Spread,
  type StudyRun,
} from "./rank";
export { trainStudy, type TrainStudyOptions } from "./train-study";
export { studyGridPlan, trainStudyOnGrid, type GridStudyOptions } from "./on-grid";
