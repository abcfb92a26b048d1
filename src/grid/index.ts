/** The grid: a study as architectures x datasets x seeds, run here or on Slurm, read back from its folder. */
export {
  GRID_FILE,
  datasetNames,
  datasetSlug,
  PAPER_SCALE_OPTIONS,
  paperStudyGrid,
  planGrid,
  readGridPlan,
  writeGridPlan,
  type GridPlan,
  type GridRun,
  type GridSpec,
} from "./plan";
export { runGridLocal, type LocalOptions, type LocalRun } from "./local";
export {
  SBATCH_FILE,
  readSlurmJobs,
  slurmCluster,
  slurmScript,
  submitGrid,
  type SlurmJob,
  type SlurmOptions,
  type Submission,
} from "./slurm";
export { RUN_STATES, gridStatus, isComplete, type RunState, type RunStatus } from "./state";
export { statusTable } from "./status-table";
export { gridCsv, gridRows, gridWideCsv, type GridRow } from "./collect";
export { STOPPED_EXIT_CODE, TASK_LOG, logTail } from "./task";
