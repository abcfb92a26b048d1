/** Trains a study's plan run by run in this process, with live progress for a notebook (on-grid.ts runs
 * the same plan as separate processes). A finished run is read back, an interrupted one resumes. */
import type { BackendChoice } from "../engine/choices";
import type { RunRecord } from "../train/run-record";
import { train, type StepProgress } from "../train/trainer";
import type { RunSpec } from "./plan";

export interface TrainStudyOptions {
  /** Called before each run (index from 0, of `total`) and after it with its record. */
  onRun?: (event: { index: number; total: number; spec: RunSpec; record?: RunRecord }) => void;
  onProgress?: (spec: RunSpec, p: StepProgress) => void;
  backend?: BackendChoice;
}

/** Trains every spec of `plan` in order, each resuming from its run folder's last checkpoint, and
 * resolves to their records, in plan order. */
export async function trainStudy(
  plan: readonly RunSpec[],
  opts: TrainStudyOptions = {},
): Promise<RunRecord[]> {
  const records: RunRecord[] = [];
  for (const [index, spec] of plan.entries()) {
    opts.onRun?.({ index, total: plan.length, spec });
    const record = await train({
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
      onProgress: opts.onProgress && ((p) => opts.onProgress!(spec, p)),
    });
    records.push(record);
    opts.onRun?.({ index, total: plan.length, spec, record });
  }
  return records;
}
