/** The study's plan trained through the grid's local executor (src/grid): one `imagenot-lab train`
 * process per run, N at a time, each resuming from its run folder. The grid folder is the study's own
 * folder, so `grid status` and `grid collect` read a reproduce run as any other grid. No TensorFlow. */
import { relative } from "node:path";
import { WorkError } from "../errors";
import { runGridLocal, writeGridPlan, type GridPlan, type LocalRun } from "../grid";
import { readRunRecord, type RunRecord } from "../train/run-record";
import type { RunSpec } from "./plan";

/** The grid of a study plan: one run per spec with its exact `train` arguments and folder. */
export function studyGridPlan(plan: readonly RunSpec[], dir: string, backend?: string): GridPlan {
  const unique = <T>(values: T[]) => [...new Set(values)];
  return {
    version: 1,
    archs: unique(plan.map((s) => s.arch)),
    datasets: unique(plan.map((s) => s.dataset)),
    seeds: unique(plan.map((s) => s.seed)),
    trainOptions: backend && backend !== "auto" ? ["--backend", backend] : [],
    runs: plan.map((s) => {
      const folder = relative(dir, s.out);
      return {
        id: `${s.arch}-${s.dataset}-seed${s.seed}`,
        arch: s.arch,
        dataset: s.dataset,
        datasetName: s.dataset,
        seed: s.seed,
        folder,
        argv: [
          "train",
          ...["--arch", s.arch, "--dataset", s.dataset, "--recipe", s.recipe],
          ...["--seed", String(s.seed), "--data-seed", String(s.dataSeed)],
          ...["--epochs", String(s.epochs)],
          ...["--limit-train", String(s.limitTrain), "--limit-test", String(s.limitTest)],
          ...(backend && backend !== "auto" ? ["--backend", backend] : []),
          ...["--out", folder, "--resume"],
        ],
      };
    }),
  };
}

export interface GridStudyOptions {
  /** The study's folder: grid.json goes there, the runs below it (their specs' `out`). */
  dir: string;
  /** Concurrent trainings (default 1); the machine's threads are split between them. */
  jobs?: number;
  backend?: string;
  /** Called whenever a run changes state or progress, with every run. */
  onProgress?: (runs: readonly LocalRun[], changed: LocalRun) => void;
}

/** Trains `plan` as a grid in `opts.dir` and resolves to the records in plan order; a failed run throws
 * WorkError with the end of its log once every other run has ended. */
export async function trainStudyOnGrid(
  plan: readonly RunSpec[],
  opts: GridStudyOptions,
): Promise<RunRecord[]> {
  writeGridPlan(opts.dir, studyGridPlan(plan, opts.dir, opts.backend));
  const runs = await runGridLocal(opts.dir, { jobs: opts.jobs, onProgress: opts.onProgress });
  const failed = runs.filter((r) => r.state === "failed" || r.state === "stopped");
  if (failed.length > 0) {
    const first = failed[0];
    throw new WorkError(
      `${failed.length} of ${runs.length} runs did not finish; ${first.id} ${first.state}` +
        (first.logTail ? `: ${first.logTail.trim().split("\n").slice(-1)[0]}` : ""),
    );
  }
  return plan.map((s) => readRunRecord(s.out));
}
