/** Trains a study's plan run by run: in this process by default, or by an executor the caller gives
 * (e.g. local processes or Slurm through src/grid). A finished run is read back, an interrupted one resumes. */
import type { BackendChoice } from "../engine/choices";
import type { RunRecord } from "../train/run-record";
import { train, type StepProgress } from "../train/trainer";
import type { RunSpec } from "./plan";

/** Trains one run of the plan and resolves to its record. */
export type RunExecutor = (
  spec: RunSpec,
  hooks: { onProgress?: (p: StepProgress) => void },
) => Promise<RunRecord>;

export interface TrainStudyOptions {
  /** Called before each run (index from 0, of `total`) and after it with its record. */
  onRun?: (event: { index: number; total: number; spec: RunSpec; record?: RunRecord }) => void;
  onProgress?: (spec: RunSpec, p: StepProgress) => void;
  /** Trains one run; default inProcess({backend}). */
  runOne?: RunExecutor;
  backend?: BackendChoice;
}

/** The default executor: train() in this process, resuming from the run folder's last checkpoint. */
export function inProcess(opts: { backend?: BackendChoice; progress?: boolean } = {}): RunExecutor {
  return (spec, hooks) =>
    train({
      arch: spec.arch,
      dataset: spec.dataset,
      recipe: spec.recipe,
      scale: "small",
      epochs: spec.epochs,
      limitTrain: spec.limitTrain,
      limitTest: spec.limitTest,
      seed: spec.seed,
      dataSeed: spec.dataSeed,
      out: spec.out,
      backend: opts.backend,
      resume: true,
      progress: opts.progress,
      onProgress: hooks.onProgress,
    });
}

/** Runs every spec of `plan` in order with `runOne` and resolves to their records, in plan order. */
export async function trainStudy(
  plan: readonly RunSpec[],
  opts: TrainStudyOptions = {},
): Promise<RunRecord[]> {
  const runOne = opts.runOne ?? inProcess({ backend: opts.backend });
  const records: RunRecord[] = [];
  for (const [index, spec] of plan.entries()) {
    opts.onRun?.({ index, total: plan.length, spec });
    const record = await runOne(spec, {
      onProgress: opts.onProgress && ((p) => opts.onProgress!(spec, p)),
    });
    records.push(record);
    opts.onRun?.({ index, total: plan.length, spec, record });
  }
  return records;
}
